-- secdialogue: meetings involving an actor, in any role or in one.
-- The same answer as dossier.meetings.involving(actor, role=role).by_time()
-- Parameters: :actor (an actor id), :role (one of 'party', 'host', 'mediator', 'observer',
-- 'head', or NULL for every role).
-- Answer: the meetings' ids, by time (sort_key), then id.
WITH
involved (meeting_id, actor, role) AS (
  SELECT meeting_id, actor, 'party' FROM meeting_participants
  UNION ALL
  SELECT meeting_id, actor, 'host' FROM meeting_hosts
  UNION ALL
  SELECT meeting_id, actor, 'mediator' FROM meeting_mediators
  UNION ALL
  SELECT meeting_id, actor, 'observer' FROM meeting_observers
  UNION ALL
  SELECT meeting_id, actor, 'head' FROM meeting_heads
)
SELECT m.id
FROM meetings m
WHERE m.id IN (
  SELECT meeting_id FROM involved WHERE actor = :actor AND (:role IS NULL OR role = :role)
)
ORDER BY m.sort_key, m.id
