-- REL-4 for runs: while someone has a run's page open, the worker polls its Airbyte syncs, dbt
-- task and Grouparoo run every 10 s instead of every 60 s. The page keeps this a minute ahead.
ALTER TABLE "pipeline_run" ADD COLUMN "watched_until" TIMESTAMPTZ(3);
