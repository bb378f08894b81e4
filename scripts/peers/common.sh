# shellcheck shell=bash
# Helpers shared by the throwaway test peers in scripts/peers/ (sourced, not run).
# The sourcing script sets PEER (its name, for messages) before sourcing this file.

say() { echo "${PEER:-peer}: $*" >&2; }
die() { say "error: $*"; exit 1; }

# An absolute path for DIR, created if missing. Servers get absolute paths in their configs.
abs_dir() { # dir
  [[ -n "$1" ]] || die "missing DIR"
  mkdir -p "$1"
  (cd "$1" && pwd)
}

apt_lists_empty() { ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; }

# Installs the Debian packages that are not installed yet, quietly; on failure shows apt's
# last lines and dies.
apt_install() { # packages...
  local missing=() p log
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  [[ $EUID -eq 0 ]] || die "${missing[*]} not installed, and installing needs root"
  log="$(mktemp)"
  if apt_lists_empty; then flock -w 900 /tmp/mailstream-apt.lock apt-get update >>"$log" 2>&1 || true; fi
  if ! DEBIAN_FRONTEND=noninteractive flock -w 900 /tmp/mailstream-apt.lock apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    flock -w 900 /tmp/mailstream-apt.lock apt-get update >>"$log" 2>&1 || true
    if ! DEBIAN_FRONTEND=noninteractive flock -w 900 /tmp/mailstream-apt.lock apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
      tail -n 20 "$log" >&2
      rm -f "$log"
      die "cannot install ${missing[*]}"
    fi
  fi
  rm -f "$log"
}

# True when something accepts TCP connections on 127.0.0.1:PORT (bash's /dev/tcp; a
# refused connection on the loopback fails at once).
port_open() { # port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints the first port from START upwards (at most 200 tries) that nobody listens on on
# 127.0.0.1 and that is not in the AVOID list.
free_port() { # start [avoid...]
  local port="$1" end=$(($1 + 200)) a taken
  shift
  for (( ; port < end && port < 65536; port++)); do
    taken=0
    for a in "$@"; do [[ "$a" == "$port" ]] && taken=1; done
    ((taken)) && continue
    port_open "$port" && continue
    echo "$port"
    return 0
  done
  die "no free port on 127.0.0.1 in $1..$((end - 1))"
}

# Waits until 127.0.0.1:PORT accepts connections; fails when PID exits first or after
# TIMEOUT seconds (default 10).
wait_for_port() { # port pid [timeout]
  local port="$1" pid="$2" deadline=$((SECONDS + ${3:-10}))
  while ! port_open "$port"; do
    alive "$pid" || return 1
    ((SECONDS < deadline)) || return 1
    sleep 0.02
  done
}

# True while PID runs. A daemon's exited process stays a zombie until whoever adopted it
# reaps it (here PID 1, which can take seconds); a zombie counts as gone.
alive() { # pid
  local stat
  kill -0 "$1" 2>/dev/null || return 1
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat%% *}" != Z ]]
}

# Sends SIGTERM to PID and waits up to 10 s for it to exit, then SIGKILL.
stop_pid() { # pid name
  local pid="$1" i
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  alive "$pid" || return 0
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 500; i++)); do # 10 s
    alive "$pid" || return 0
    sleep 0.02
  done
  say "$2 (pid $pid) did not stop within 10 s; killing it"
  kill -9 "$pid" 2>/dev/null || true
}

# A self-signed certificate for localhost and 127.0.0.1 (EC P-256: instant to make), kept
# when already there. It is its own CA: clients trust exactly this file.
make_cert() { # cert key
  [[ -s "$1" && -s "$2" ]] && return 0
  command -v openssl >/dev/null || apt_install openssl
  local log
  log="$(mktemp)"
  if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$2.tmp" -out "$1.tmp" -days 3650 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log" "$1.tmp" "$2.tmp"
    die "openssl could not make a certificate"
  fi
  rm -f "$log"
  chmod 0644 "$1.tmp"
  chmod 0600 "$2.tmp"
  mv "$2.tmp" "$2"
  mv "$1.tmp" "$1"
}

# Writes NAME=VALUE pairs as `export NAME=VALUE` lines (shell-quoted) into FILE, atomically.
write_env() { # file name=value...
  local file="$1" kv
  shift
  {
    echo "# written by scripts/peers/$PEER; source it: . $file"
    for kv in "$@"; do printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"; done
  } >"$file.tmp"
  mv "$file.tmp" "$file"
}

# Prints the value of VAR from an env FILE written by write_env (empty when absent).
env_value() { # file var
  [[ -f "$1" ]] || return 0
  (
    # shellcheck disable=SC1090 # the file is written by write_env
    . "$1"
    printf '%s' "${!2:-}"
  )
}
