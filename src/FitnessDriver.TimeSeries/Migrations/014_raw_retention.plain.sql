-- Whether raw samples of a partition or chunk may go: every activity with samples in it has its summary kept for its
-- current samples (computed, for the row versions of its devices), so a read loses nothing once they are gone — the
-- rollups and sealed positions stay. An activity imported from years ago is dropped only after its summary is kept.
CREATE FUNCTION timeseries.raw_samples_summarized(part regclass) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
DECLARE
    missing boolean;
BEGIN
    EXECUTE format($q$
        SELECT EXISTS (
            SELECT 1 FROM (SELECT DISTINCT activity_id FROM %s) a
            JOIN timeseries.activities x ON x.activity_id = a.activity_id
            LEFT JOIN timeseries.activity_summaries s ON s.activity_id = a.activity_id
            WHERE NOT EXISTS (SELECT 1 FROM timeseries.activity_aliases m WHERE m.activity_id = a.activity_id)
              AND NOT (coalesce(s.computed, false) AND starts_with(s.version, (
                  SELECT string_agg(d.device_id || '@' || d.xmin::text, ',' ORDER BY d.device_id)
                  FROM timeseries.activity_devices d WHERE d.activity_id = a.activity_id) || '|')))
        $q$, part) INTO missing;
    RETURN NOT missing;
END
$$;
