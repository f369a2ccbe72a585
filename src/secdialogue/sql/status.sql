-- secdialogue: a demand's status as of a time.
-- The same answer as dossier.status(demand, as_of=as_of).
-- Parameters: :demand (a demand id), :cutoff (a UTC timestamp: the last instant of as_of, its
-- latest; NULL to count every statement).
-- Answer: one row per top-level addressee (the maker aside): state ('open', 'accepted',
-- 'rejected' or 'withdrawn', the same in every row), actor, and stand (its latest position,
-- or NULL), by actor; one row with a NULL actor if there is no addressee. The demand is
-- rejected by the actors whose stand is 'rejects', accepted by those whose stand is 'accepts'
-- (none, for a withdrawn demand). Run with the session time zone set to UTC.
-- The line below stands for the text of _latest.sql.
--@include _latest.sql
maker AS (SELECT actor FROM tops WHERE made = 2),
verdicts AS (
  SELECT a.actor, l.stand
  FROM (
    SELECT DISTINCT actor FROM tops
    WHERE made = 3 AND actor NOT IN (SELECT actor FROM maker)
  ) a
  LEFT JOIN latest l ON l.actor = a.actor
),
counts AS (
  SELECT
    (SELECT COUNT(*) FROM maker k JOIN latest l ON l.actor = k.actor
     WHERE l.stand = 'withdraws') AS withdrawn,
    (SELECT COUNT(*) FROM verdicts WHERE stand = 'rejects') AS rejected,
    (SELECT COUNT(*) FROM verdicts WHERE stand = 'accepts') AS accepted,
    (SELECT COUNT(*) FROM verdicts) AS addressed
),
verdict AS (
  SELECT CASE
    WHEN withdrawn > 0 THEN 'withdrawn'
    WHEN rejected > 0 THEN 'rejected'
    WHEN accepted > 0 AND accepted = addressed THEN 'accepted'
    ELSE 'open'
  END AS state
  FROM counts
)
SELECT s.state, v.actor, v.stand
FROM verdict s
LEFT JOIN verdicts v ON 1 = 1
ORDER BY v.actor
