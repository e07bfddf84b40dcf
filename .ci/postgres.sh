# shellcheck shell=bash
# A PostgreSQL server for the storage tests, on Debian 12, as root.
#
#   . .ci/postgres.sh     # then: .venv/bin/pytest tests/test_storage.py
#
# Sourced, not run: it exports CCHC_TEST_POSTGRES_URL into the calling shell.
# Idempotent: installs, creates and starts only what is missing. It leaves the
# caller's shell options alone (no `set -e` leaking out) and returns non-zero on failure.

_cchc_pg_user=cchc
_cchc_pg_password=cchc
_cchc_pg_db=cchc_test
_cchc_pg_port=5432

_cchc_as_postgres() {
    # As the postgres superuser, from a directory it can read.
    (cd / && runuser -u postgres -- "$@")
}

_cchc_pg_setup() {
    if ! dpkg -s postgresql >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql || return 1
    fi

    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    if [ -z "$version" ]; then
        echo "postgres.sh: no PostgreSQL under /usr/lib/postgresql" >&2
        return 1
    fi

    # The package creates the `main` cluster; a minimal image may have been told not to.
    if ! pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
        pg_createcluster "$version" main --port "$_cchc_pg_port" || return 1
    fi
    local port
    port=$(pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
    if [ "$port" != "$_cchc_pg_port" ]; then
        echo "postgres.sh: cluster $version/main listens on port $port, not $_cchc_pg_port" >&2
        return 1
    fi
    if ! pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
        pg_ctlcluster "$version" main start || return 1
    fi

    local waited=0
    until pg_isready -q -h 127.0.0.1 -p "$_cchc_pg_port"; do
        waited=$((waited + 1))
        if [ "$waited" -ge 60 ]; then
            echo "postgres.sh: server on 127.0.0.1:$_cchc_pg_port not ready after 30 s" >&2
            return 1
        fi
        sleep 0.5
    done

    # The role (its password reset on every run, so the URL below always works) and its database.
    _cchc_as_postgres psql -v ON_ERROR_STOP=1 -q -d postgres <<SQL || return 1
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$_cchc_pg_user') THEN
        CREATE ROLE $_cchc_pg_user LOGIN;
    END IF;
END
\$\$;
ALTER ROLE $_cchc_pg_user WITH LOGIN PASSWORD '$_cchc_pg_password';
SQL
    if ! _cchc_as_postgres psql -tA -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$_cchc_pg_db'" | grep -q 1; then
        _cchc_as_postgres createdb -O "$_cchc_pg_user" "$_cchc_pg_db" || return 1
    fi
}

if _cchc_pg_setup; then
    export CCHC_TEST_POSTGRES_URL="postgresql://$_cchc_pg_user:$_cchc_pg_password@127.0.0.1:$_cchc_pg_port/$_cchc_pg_db"
    echo "postgres.sh: CCHC_TEST_POSTGRES_URL=$CCHC_TEST_POSTGRES_URL"
    _cchc_pg_status=0
else
    echo "postgres.sh: PostgreSQL setup failed" >&2
    _cchc_pg_status=1
fi
unset -f _cchc_as_postgres _cchc_pg_setup
unset _cchc_pg_user _cchc_pg_password _cchc_pg_db _cchc_pg_port
# `return` when sourced; `exit` when someone runs it as a program instead.
return "$_cchc_pg_status" 2>/dev/null || exit "$_cchc_pg_status"
