// Representative rows of every schema version, for the tests that upgrade old databases: each
// entry writes, with the columns of its version, what a database holds once that migration ran.
import type { Db } from "../../../node/storage/db.ts";

/** The instant the rows are written at, and its epoch milliseconds (which the tests compare with). */
const at = "2026-01-15T10:00:00.000Z";
export const ms = Date.parse(at);

/**
 * Rows a database holds once a migration has run, written with the columns of that version.
 * A new migration that adds a table or a column should add rows here that use it; one with no
 * entry is still checked with the rows of the earlier ones.
 */
export const seeds: Record<string, (db: Db) => void> = {
  "001-initial": (db) => {
    db.prepare("INSERT INTO fedify_kv (key, value, expires_at) VALUES (?, ?, ?)").run(
      '["_fedify","publicKey","https://sf.example/users/sf#main-key"]',
      '{"id":"k"}',
      ms + 86_400_000,
    );
    db.prepare("INSERT INTO fedify_kv (key, value, expires_at) VALUES (?, ?, NULL)").run('["_fedify","remoteDocument","https://sf.example/users/sf"]', "null");
    db.prepare("INSERT INTO fedify_queue (queue, payload, ordering_key, available_at, lease_until, attempts, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)").run(
      "outbox",
      '{"type":"outbox","inbox":"https://sf.example/inbox"}',
      "https://paris.example/events/e1",
      ms,
      null,
      2,
      ms,
    );
    const key = db.prepare("INSERT INTO actor_keys (actor, position, algorithm, private_jwk, public_jwk, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    key.run("paris", 0, "RSASSA-PKCS1-v1_5", '{"kty":"RSA","d":"private"}', '{"kty":"RSA","n":"public","e":"AQAB"}', at);
    key.run("paris", 1, "Ed25519", '{"kty":"OKP","crv":"Ed25519","d":"private"}', '{"kty":"OKP","crv":"Ed25519","x":"public"}', at);
    db.prepare(
      "INSERT INTO followers (actor_id, inbox, shared_inbox, follow_id, actor_type, handle, state, created_at, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(
      "https://mastodon.example/users/ana",
      "https://mastodon.example/users/ana/inbox",
      "https://mastodon.example/inbox",
      "https://mastodon.example/follows/1",
      "Person",
      "ana@mastodon.example",
      "accepted",
      at,
      at,
    );
  },
  "002-operator-tokens": (db) => {
    db.prepare("INSERT INTO operator_tokens (id, name, scopes, issued_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)").run(
      "jti-1",
      "staff",
      '["admin"]',
      at,
      "2027-01-15T10:00:00.000Z",
      null,
    );
    db.prepare("INSERT INTO jwt_keys (kid, algorithm, private_jwk, public_jwk, created_at) VALUES (?, ?, ?, ?, ?)").run(
      "kid-1",
      "Ed25519",
      '{"d":"private"}',
      '{"x":"public"}',
      at,
    );
  },
  "003-events-projects": (db) => {
    const event = db.prepare(`INSERT INTO events (id, ap_id, url, local, actor_id, title, description, description_html, start_ms, end_ms, timezone, all_day,
      location, organizer, tags, image, language, status, capacity, registration_url, category, series_id, occurrence_date, detached, published_at, updated_at, sequence, deleted_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    event.run(
      "e1",
      "https://paris.example/events/e1",
      "https://paris.example/events/e1",
      1,
      "https://paris.example/users/paris",
      "Apéro fédéré",
      "**Bienvenue**",
      "<p><strong>Bienvenue</strong></p>",
      ms,
      ms + 7_200_000,
      "Europe/Paris",
      0,
      '{"name":"La Cantine","room":"Grande salle"}',
      "FING",
      '["fediverse","apéro"]',
      null,
      "fr",
      "scheduled",
      80,
      null,
      "MEETING",
      "s1",
      "2026-01-15",
      0,
      at,
      at,
      1,
      null,
    );
    event.run(
      "e2",
      "https://sf.example/events/e2",
      "https://sf.example/e/2",
      0,
      "https://sf.example/users/sf",
      "Bay Area makers",
      null,
      "",
      ms + 86_400_000,
      null,
      "America/Los_Angeles",
      1,
      null,
      null,
      "[]",
      '{"url":"https://sf.example/i.png","alt":"makers"}',
      "en",
      "cancelled",
      null,
      "https://sf.example/register",
      null,
      null,
      null,
      0,
      at,
      at,
      0,
      null,
    );
    event.run(
      "e3",
      "https://paris.example/events/e3",
      "https://paris.example/events/e3",
      1,
      "https://paris.example/users/paris",
      "Deleted talk",
      null,
      "",
      ms,
      ms + 3_600_000,
      "Europe/Paris",
      0,
      null,
      null,
      "[]",
      null,
      null,
      "scheduled",
      null,
      null,
      null,
      null,
      null,
      0,
      at,
      at,
      2,
      at,
    );
    // From migration 016 on, a tag row carries its event's times.
    const withTimes = db.prepare("SELECT count(*) FROM pragma_table_info('event_tags') WHERE name = 'start_ms'").pluck().get() === 1;
    const tag = withTimes
      ? db.prepare(`INSERT INTO event_tags (event_id, tag, start_ms, end_ms) VALUES (?, ?, ${ms}, ${ms + 7_200_000})`)
      : db.prepare("INSERT INTO event_tags (event_id, tag) VALUES (?, ?)");
    tag.run("e1", "fediverse");
    tag.run("e1", "apéro");
    db.prepare(
      "INSERT INTO event_series (id, input, recurrence, timezone, horizon_until, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ).run("s1", '{"title":"Apéro fédéré","startsAt":"2026-01-15T19:00"}', "FREQ=WEEKLY;BYDAY=TH", "Europe/Paris", "2026-04-15", at, at, null);
    db.prepare(`INSERT INTO projects (id, ap_id, url, local, actor_id, title, summary, description, description_html, stage, looking_for, cities, tags, links, contact, language, published_at, updated_at, sequence, deleted_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      "p1",
      "https://paris.example/projects/p1",
      "https://paris.example/projects/p1",
      1,
      "https://paris.example/users/paris",
      "Cartographie",
      "Une carte ouverte.",
      null,
      "",
      "prototype",
      '["skills"]',
      '["Paris"]',
      '["cartes"]',
      '[{"name":"code","url":"https://code.example"}]',
      "contact@paris.example",
      "fr",
      at,
      at,
      0,
      null,
    );
    const publication = db.prepare(
      "INSERT INTO publications (activity_id, type, object_type, object_id, object_ap_id, snapshot, audience, published_at, federated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    publication.run(
      "https://paris.example/activities/create-1",
      "Create",
      "Event",
      "e1",
      "https://paris.example/events/e1",
      '{"type":"Event"}',
      "followers",
      at,
      at,
    );
    publication.run("https://paris.example/activities/delete-3", "Delete", "Event", "e3", "https://paris.example/events/e3", null, "followers", at, null);
  },
  "004-network": (db) => {
    db.prepare(`INSERT INTO cantines (actor_id, local, handle, name, city, country, timezone, url, icon, actor_type, inbox, shared_inbox, outbox, follow_state, follow_id, followed_at, last_sync_at, last_refresh_at, last_error)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      "https://sf.example/users/sf",
      0,
      "sf@sf.example",
      "The Cantine SF",
      "San Francisco",
      "US",
      "America/Los_Angeles",
      "https://sf.example/users/sf",
      null,
      "Organization",
      "https://sf.example/users/sf/inbox",
      "https://sf.example/inbox",
      "https://sf.example/users/sf/outbox",
      "accepted",
      "https://paris.example/follows/1",
      at,
      at,
      at,
      null,
    );
    db.prepare("UPDATE events SET via_actor_id = ?, summary = ? WHERE id = ?").run("https://bcn.example/users/bcn", "Makers of the bay", "e2");
    db.prepare("UPDATE projects SET via_actor_id = ? WHERE id = ?").run("https://bcn.example/users/bcn", "p1");
  },
  "008-follower-software": (db) => {
    db.prepare(
      "INSERT INTO followers (actor_id, inbox, shared_inbox, follow_id, actor_type, handle, state, created_at, accepted_at, software) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(
      "https://mobilizon.example/@relay",
      "https://mobilizon.example/inbox",
      null,
      "https://mobilizon.example/follows/2",
      "Application",
      null,
      "pending",
      at,
      null,
      "mobilizon",
    );
  },
  "009-queue-lease-owners": (db) => {
    db.prepare("INSERT INTO fedify_queue_owners (token, queue, pid, scope, started, registered_at) VALUES (?, ?, ?, ?, ?, ?)").run(
      "token-1",
      "outbox",
      4242,
      "host boot ns",
      "12345",
      ms,
    );
    db.prepare(
      "INSERT INTO fedify_queue (queue, payload, ordering_key, available_at, lease_until, attempts, created_at, lease_owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ).run("fanout", '{"type":"fanout"}', null, ms, ms + 60_000, 0, ms, "token-1");
  },
  "010-participants": (db) => {
    db.prepare(`INSERT INTO participants (event_id, actor_id, state, activity_id, activity_type, inbox, shared_inbox, handle, name, message, requested_at, since, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      "e1",
      "https://mobilizon.example/@ana",
      "going",
      "https://mobilizon.example/join/event/1",
      "Join",
      "https://mobilizon.example/@ana/inbox",
      "https://mobilizon.example/inbox",
      "ana@mobilizon.example",
      "Ana",
      "À jeudi",
      at,
      at,
      at,
    );
    db.prepare("UPDATE events SET participation = ? WHERE id = ?").run("restricted", "e1");
  },
  "011-conversations": (db) => {
    db.prepare(`INSERT INTO replies (id, ap_id, url, target_type, target_ap_id, author_id, author_name, author_handle, author_url, author_icon, content_html, mentions_us, published_at, updated_at, received_at, deleted_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      "r1",
      "https://mastodon.example/users/ana/statuses/1",
      "https://mastodon.example/@ana/1",
      "Event",
      "https://paris.example/events/e1",
      "https://mastodon.example/users/ana",
      "Ana",
      "ana@mastodon.example",
      "https://mastodon.example/@ana",
      "https://files.mastodon.example/ana.png",
      "<p>J'y serai</p>",
      1,
      at,
      at,
      at,
      null,
    );
    db.prepare("INSERT INTO reactions (activity_id, kind, actor_id, target_ap_id, created_at) VALUES (?, ?, ?, ?, ?)").run(
      "https://mastodon.example/users/ana#likes/1",
      "like",
      "https://mastodon.example/users/ana",
      "https://paris.example/events/e1",
      at,
    );
  },
  "012-moderation": (db) => {
    db.prepare(`INSERT INTO blocks (kind, target, severity, reject_media, reject_reports, public_comment, reason, obfuscate, created_at, created_by)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run("domain", "spam.example", "suspend", 0, 1, "Spam", "seen in March", 0, at, "cli");
    db.prepare("INSERT INTO hidden_items (ap_id, kind, label, reason, hidden_at, hidden_by) VALUES (?, ?, ?, ?, ?, ?)").run(
      "https://sf.example/events/s1",
      "event",
      "Off-topic",
      null,
      at,
      "staff",
    );
    db.prepare(
      "INSERT INTO reports (id, activity_id, reporter_id, object_ids, comment, received_at, resolved_at, resolved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ).run("rep-1", "https://mastodon.example/flags/1", "https://mastodon.example/actor", '["https://paris.example/events/e1"]', "spam", at, null, null);
    db.prepare("INSERT INTO audit_log (at, who, action, target, details) VALUES (?, ?, ?, ?, ?)").run(at, "cli", "block", "spam.example", "{}");
  },
};
