#!/usr/bin/env bash
# Least privilege, set up once when the timescaledb-data volume is created: each service connects as a role of its own
# that owns only its schema, and Profiles' personal data is in a database only its role may connect to. A shell script
# rather than SQL so the passwords come from the container's environment (FD_DB_PASSWORD_<SCHEMA>, from deploy/.env).
# The entrypoint may source this file instead of running it, so it neither sets -u nor exits.
set -Eeo pipefail

: "${FD_DB_PASSWORD_PROFILES:?}" "${FD_DB_PASSWORD_TIMESERIES:?}"
: "${FD_DB_PASSWORD_GAMIFICATION:?}" "${FD_DB_PASSWORD_NOTIFICATIONS:?}" "${FD_DB_PASSWORD_TELEMETRY:?}"
: "${FD_DB_PASSWORD_SOCIAL:?}"

# psql quotes :'name' as a literal, so a password cannot break out of the statement.
psql -v ON_ERROR_STOP=1 --no-password --username "$POSTGRES_USER" --dbname postgres \
  -v profiles="$FD_DB_PASSWORD_PROFILES" -v timeseries="$FD_DB_PASSWORD_TIMESERIES" \
  -v gamification="$FD_DB_PASSWORD_GAMIFICATION" -v notifications="$FD_DB_PASSWORD_NOTIFICATIONS" \
  -v telemetry="$FD_DB_PASSWORD_TELEMETRY" -v social="$FD_DB_PASSWORD_SOCIAL" <<'SQL'
CREATE ROLE fd_profiles LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'profiles';
CREATE ROLE fd_timeseries LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'timeseries';
CREATE ROLE fd_gamification LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'gamification';
CREATE ROLE fd_notifications LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'notifications';
CREATE ROLE fd_telemetry LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'telemetry';
CREATE ROLE fd_social LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'social';

CREATE DATABASE fitnessdriver_profiles;
REVOKE ALL ON DATABASE fitnessdriver_profiles FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE fitnessdriver_profiles TO fd_profiles;

-- The other five share POSTGRES_DB, each in its own schema; nobody else may connect.
REVOKE ALL ON DATABASE fitnessdriver FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE fitnessdriver TO fd_timeseries;
GRANT CONNECT, TEMPORARY ON DATABASE fitnessdriver TO fd_gamification;
GRANT CONNECT, TEMPORARY ON DATABASE fitnessdriver TO fd_notifications;
GRANT CONNECT, TEMPORARY ON DATABASE fitnessdriver TO fd_telemetry;
GRANT CONNECT, TEMPORARY ON DATABASE fitnessdriver TO fd_social;

-- The services migrate into a schema that exists and create none, so each is created here, owned by its role.
\connect fitnessdriver_profiles
CREATE SCHEMA profiles AUTHORIZATION fd_profiles;

\connect fitnessdriver
-- Only a superuser may create the extension; TimeSeries finds it and keeps samples in a hypertable.
CREATE EXTENSION IF NOT EXISTS timescaledb;
CREATE SCHEMA timeseries AUTHORIZATION fd_timeseries;
CREATE SCHEMA gamification AUTHORIZATION fd_gamification;
CREATE SCHEMA notifications AUTHORIZATION fd_notifications;
CREATE SCHEMA telemetry AUTHORIZATION fd_telemetry;
CREATE SCHEMA social AUTHORIZATION fd_social;
SQL
