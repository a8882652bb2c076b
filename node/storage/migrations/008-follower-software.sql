-- The software a follower's server runs, from its NodeInfo (`mobilizon`, `gancio`…), once looked
-- up: only Mobilizon relays get an Announce of our new events. NULL while unknown.
ALTER TABLE followers ADD COLUMN software TEXT;
