import { localUrls } from "../../node/domain/local-urls.ts";
import type { PublishingDeps } from "../../node/domain/publishing/publishing.ts";
import type { Db } from "../../node/storage/db.ts";
import { SqliteEventStore } from "../../node/storage/event-store.ts";
import { SqliteProjectStore } from "../../node/storage/project-store.ts";
import { SqlitePublicationLog } from "../../node/storage/publication-log.ts";

/** The Paris cantine the domain tests publish as. */
export const TEST_ORIGIN = "https://paris.cantine.example";

/**
 * Publishing on real stores of `db` (migrated), as the Paris cantine, announcing nothing unless
 * told; the test gives the clock and the ids, and may replace any other part.
 */
export function sqlitePublishingDeps(db: Db, parts: Pick<PublishingDeps, "now" | "newId"> & Partial<PublishingDeps>): PublishingDeps {
  return {
    venue: {
      slug: "paris",
      name: "La Cantine",
      city: "Paris",
      country: "FR",
      timezone: "Europe/Paris",
      origin: TEST_ORIGIN,
      locale: "fr",
      manuallyApprovesFollowers: false,
    },
    events: new SqliteEventStore(db),
    projects: new SqliteProjectStore(db),
    publications: new SqlitePublicationLog(db),
    transaction: (work) => db.transaction(work).immediate(),
    announcer: { announce: () => {}, flushPending: async () => 0 },
    uris: localUrls({ origin: TEST_ORIGIN, slug: "paris" }),
    ...parts,
  };
}
