-- secdialogue: the part the questions positions and status share, which their texts
-- include (secdialogue.arrow.sql gives each whole). Parameters: :demand, :cutoff.
WITH RECURSIVE
taken (statement_id, earliest, latest, sort_key, stand) AS (
  SELECT s.id, s.earliest, s.latest, s.sort_key, t.position
  FROM statements s
  JOIN statement_stances t ON t.statement_id = s.id
  WHERE t.demand = :demand
),
-- A statement speaks for those it was made on behalf of, else for its speakers.
principals (statement_id, actor) AS (
  SELECT statement_id, actor FROM statement_on_behalf_of
  UNION ALL
  SELECT p.statement_id, p.actor
  FROM statement_speakers p
  WHERE NOT EXISTS (SELECT 1 FROM statement_on_behalf_of b WHERE b.statement_id = p.statement_id)
),
-- The making of the demand counts as its maker advancing it, before statements of its time.
said (statement_id, made, earliest, latest, sort_key, stand, actor) AS (
  SELECT t.statement_id, 1, t.earliest, t.latest, t.sort_key, t.stand, p.actor
  FROM taken t
  JOIN principals p ON p.statement_id = t.statement_id
  UNION ALL
  SELECT CAST(NULL AS STRING), 0, d.earliest, d.latest, d.sort_key, 'advances', d.by
  FROM demands d
  WHERE d.id = :demand AND d.sort_key IS NOT NULL
),
-- As of a time: what is over by its end, whose whole interval ends at or before it.
counted AS (
  SELECT * FROM said
  WHERE :cutoff IS NULL
     OR (latest IS NOT NULL AND latest <= :cutoff AND (earliest IS NULL OR earliest < :cutoff))
),
-- Those whose top-level actors are wanted, each at its time: the actors of the stances
-- counted, then the demand's maker (made = 2) and addressees (made = 3) at the demand's
-- time (every membership holds for a demand without a time).
walkers (statement_id, made, earliest, latest, sort_key, stand, actor) AS (
  SELECT statement_id, made, earliest, latest, sort_key, stand, actor FROM counted
  UNION ALL
  SELECT CAST(NULL AS STRING), 2, d.earliest, d.latest, d.sort_key, CAST(NULL AS STRING), d.by
  FROM demands d
  WHERE d.id = :demand
  UNION ALL
  SELECT CAST(NULL AS STRING), 3, d.earliest, d.latest, d.sort_key, CAST(NULL AS STRING), t.actor
  FROM demands d
  JOIN demand_to t ON t.demand_id = d.id
  WHERE d.id = :demand
),
-- Each actor up its chain of memberships that hold at its time.
chain (statement_id, made, earliest, latest, sort_key, stand, actor) AS (
  SELECT statement_id, made, earliest, latest, sort_key, stand, actor FROM walkers
  UNION ALL
  SELECT c.statement_id, c.made, c.earliest, c.latest, c.sort_key, c.stand, m.organization
  FROM chain c
  JOIN actor_memberships m ON m.actor_id = c.actor
  WHERE (m.earliest IS NULL OR c.latest IS NULL OR m.earliest < c.latest)
    AND (m.latest IS NULL OR c.earliest IS NULL OR c.earliest < m.latest)
),
-- The top of each chain: an actor none of whose memberships holds then.
tops AS (
  SELECT DISTINCT c.statement_id, c.made, c.sort_key, c.stand, c.actor
  FROM chain c
  WHERE NOT EXISTS (
    SELECT 1 FROM actor_memberships m
    WHERE m.actor_id = c.actor
      AND (m.earliest IS NULL OR c.latest IS NULL OR m.earliest < c.latest)
      AND (m.latest IS NULL OR c.earliest IS NULL OR c.earliest < m.latest)
  )
),
-- Each actor's rows, latest first (back = 1): by time, the making before statements, by id.
ranked AS (
  SELECT t.*, ROW_NUMBER() OVER (
    PARTITION BY t.actor ORDER BY t.sort_key DESC, t.made DESC, t.statement_id DESC
  ) AS back
  FROM tops t
  WHERE t.made < 2
),
latest AS (SELECT actor, stand FROM ranked WHERE back = 1),
