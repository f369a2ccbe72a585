-- secdialogue: statements by an actor, including its affiliates, between two times.
-- The same answer as
--   dossier.statements.by(actor, include_affiliated=True).between(start, stop).by_time()
-- Parameters: :actor (an actor id), :start and :stop (UTC timestamps: the first instants of
-- the period's start and end; the period is [start, stop)).
-- Answer: the statements' ids, by time (sort_key), then id. Run with the session time zone
-- set to UTC. A null earliest or latest is an open side of a time.
WITH RECURSIVE
voices (statement_id, actor) AS (
  SELECT statement_id, actor FROM statement_speakers
  UNION ALL
  SELECT statement_id, actor FROM statement_on_behalf_of
),
-- Each statement in the period with each actor it is spoken by or for, then every actor
-- those are members of through memberships that hold at the statement's time.
chain (statement_id, earliest, latest, actor) AS (
  SELECT s.id, s.earliest, s.latest, v.actor
  FROM statements s
  JOIN voices v ON v.statement_id = s.id
  WHERE (s.earliest IS NULL OR s.earliest < :stop)
    AND (s.latest IS NULL OR :start < s.latest)
  UNION ALL
  SELECT c.statement_id, c.earliest, c.latest, m.organization
  FROM chain c
  JOIN actor_memberships m ON m.actor_id = c.actor
  WHERE (m.earliest IS NULL OR c.latest IS NULL OR m.earliest < c.latest)
    AND (m.latest IS NULL OR c.earliest IS NULL OR c.earliest < m.latest)
)
SELECT s.id
FROM statements s
WHERE s.id IN (SELECT statement_id FROM chain WHERE actor = :actor)
ORDER BY s.sort_key, s.id
