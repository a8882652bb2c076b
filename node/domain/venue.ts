/** The local cantine as the network sees it: its public identity, independent of any wire format. */
export type Venue = Readonly<{
  slug: string;
  name: string;
  city: string;
  country: string;
  timezone: string;
  origin: string;
  summary?: string;
  address?: string;
  website?: string;
  icon?: string;
  locale: string;
  manuallyApprovesFollowers: boolean;
}>;
