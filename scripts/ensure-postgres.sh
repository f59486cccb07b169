#!/usr/bin/env bash
# Make sure a PostgreSQL answers on 127.0.0.1:5432 with a database "test" for the corpus tests.
# Starts the local cluster if it is installed but down; installs Debian's postgresql when it is
# missing and we are root. When none of that is possible the PostgreSQL tests skip with a reason.
set -u
host=127.0.0.1
answers() { pg_isready -q -h "$host" -p 5432 2>/dev/null || (exec 3<>/dev/tcp/$host/5432) 2>/dev/null; }

if answers; then
  echo "postgres: answering on $host:5432"
else
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "postgres: installing Debian's postgresql"
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
        || echo "postgres: install failed; PostgreSQL tests will skip"
    else
      echo "postgres: not installed and not root; PostgreSQL tests will skip"
      exit 0
    fi
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$version" ]; then
      conf=/etc/postgresql/$version/main
      # local trust authentication over TCP, as the tests connect without a password
      if [ -w "$conf/pg_hba.conf" ] && ! grep -q "khabar-tests" "$conf/pg_hba.conf"; then
        sed -i '1i host all all 127.0.0.1/32 trust # khabar-tests\nhost all all ::1/128 trust # khabar-tests\nlocal all all trust # khabar-tests' "$conf/pg_hba.conf"
      fi
      pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start 2>/dev/null || true
      for _ in $(seq 1 30); do answers && break; sleep 1; done
    fi
  fi
fi

if answers; then
  if command -v psql >/dev/null 2>&1; then
    if ! psql -h "$host" -U postgres -d postgres -tAc "select 1 from pg_database where datname='test'" 2>/dev/null | grep -q 1; then
      psql -h "$host" -U postgres -d postgres -qc "create database test" 2>/dev/null \
        || (command -v runuser >/dev/null && runuser -u postgres -- psql -qc "create database test" 2>/dev/null) || true
    fi
  fi
  echo "postgres: ready"
else
  echo "postgres: not answering; PostgreSQL tests will skip"
fi
exit 0
