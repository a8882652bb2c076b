/**
 * How people take part in one of our events (FEP-8a8e `joinMode`, Mobilizon's join options):
 * - `free`: a Join is accepted at once, while places last;
 * - `restricted`: the operator accepts or refuses each request;
 * - `external`: participation happens at the registration link, a Join is answered with a Reject
 *   pointing to it;
 * - `none`: we take no participation, a Join is answered with Ignore.
 */
export const ParticipationMode = { free: "free", restricted: "restricted", external: "external", none: "none" } as const;
export type ParticipationMode = (typeof ParticipationMode)[keyof typeof ParticipationMode];

export const PARTICIPATION_MODES = Object.values(ParticipationMode);

/**
 * The mode an event runs in: the operator's choice, else `external` when it has a registration
 * link, else `free`. Only the choice is stored, so that adding a link later changes the default.
 */
export function participationMode(event: { participation?: ParticipationMode | null; registrationUrl: string | null }): ParticipationMode {
  return event.participation ?? (event.registrationUrl ? ParticipationMode.external : ParticipationMode.free);
}

/** Whether people answer the event here (and are counted), rather than elsewhere or not at all. */
export function takesParticipants(mode: ParticipationMode): boolean {
  return mode === ParticipationMode.free || mode === ParticipationMode.restricted;
}
