-- secdialogue: each party's position on a demand as of a time, with its evidence.
-- The same answer as dossier.positions(demand, as_of=as_of) (rolled up to top-level actors).
-- Parameters: :demand (a demand id), :cutoff (a UTC timestamp: the last instant of as_of, its
-- latest; NULL to count every statement).
-- Answer: one row per piece of evidence: actor (a top-level actor), stand (its latest
-- position), statement_id (a statement showing it, NULL for the making of the demand) and
-- made (0 for the making, 1 for a statement), by actor, then oldest first. Run with the
-- session time zone set to UTC. A null earliest or latest is an open side of a time.
-- The line below stands for the text of _latest.sql.
--@include _latest.sql
-- The evidence: the actor's latest rows with its latest position, since it last changed.
changed AS (
  SELECT r.actor, MIN(r.back) AS back
  FROM ranked r
  JOIN latest l ON l.actor = r.actor
  WHERE r.stand <> l.stand
  GROUP BY r.actor
),
run AS (
  SELECT r.actor, r.stand, r.statement_id, r.made, r.back,
    MAX(r.back) OVER (PARTITION BY r.actor) AS opening
  FROM ranked r
  LEFT JOIN changed c ON c.actor = r.actor
  WHERE c.back IS NULL OR r.back < c.back
)
-- The making is evidence only where the run begins with it; later in a run it shows
-- nothing the run's first statement does not.
SELECT actor, stand, statement_id, made
FROM run
WHERE made = 1 OR back = opening
ORDER BY actor, back DESC
