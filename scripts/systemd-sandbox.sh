#!/bin/bash
# Boots the host's real systemd as PID 1 in fresh pid/mount/uts/ipc/cgroup namespaces, for tests
# (the recipe of systemd-sandbox.md, plus a private /etc and /var and an optional journald).
#
#   scripts/systemd-sandbox.sh DIR [--journal]
#
# DIR (absolute, and created afresh: anything in it is deleted) becomes the sandbox, at the same
# path inside and out: DIR/units is the only unit directory (add units there, then call
# Manager.Reload), DIR/console.log gets systemd's messages and the services' output, and
# DIR/run/dbus and DIR/run/log are the sandbox's /run/dbus and /run/log, so the host reaches its
# bus at unix:path=DIR/run/dbus/system_bus_socket. Programs it runs must live outside /tmp, which
# is private inside. With --journal, systemd-journald runs too (volatile, DIR/run/log/journal),
# services log to it (DefaultStandardOutput=journal, as on a host) and it forwards to the console.
#
# Prints "PID1 <host pid of the nested systemd>" once the system is running, then waits until its
# stdin reaches EOF (the caller closed it, or died) or it gets SIGTERM/SIGINT/SIGHUP; then it kills
# the sandbox (SIGKILL to PID 1 ends every process in it), removes its cgroup and DIR, and exits.
# Nothing the sandbox writes reaches the host: /tmp, /dev, /run, /var/tmp are private, and /etc
# and /var are overlays whose changes land in DIR/overlay (the stock units would empty the host's
# /tmp otherwise). Set SANDBOX_KEEP=1 to keep DIR for a post-mortem.
set -eu
W=${1:?usage: systemd-sandbox.sh DIR [--journal]}
JOURNAL=${2:-}
case $W in /*/*/*) ;; *) echo "DIR must be an absolute path at least three levels deep" >&2; exit 2 ;; esac
[ "$(id -u)" = 0 ] || { echo "needs root" >&2; exit 77; }
ROOT=$(findmnt -t cgroup2 -no TARGET | head -1)
[ -n "$ROOT" ] || { echo "no cgroup2 mount" >&2; exit 77; }
CG=$ROOT/warden-sysd-$$

# A sandbox whose supervising script died without cleaning up (SIGKILLed with its caller).
for old in "$ROOT"/warden-sysd-*; do
  [ -d "$old" ] || continue
  owner=${old##*-}
  kill -0 "$owner" 2>/dev/null && continue
  [ -e "$old/cgroup.kill" ] && echo 1 >"$old/cgroup.kill" 2>/dev/null || true
  for _ in $(seq 50); do
    find "$old" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null || true
    rmdir "$old" 2>/dev/null && break; sleep 0.1
  done
done

rm -rf "$W"
mkdir -p "$W"/{units,run/dbus,run/log,empty} "$W"/overlay/{etc,var}/{upper,work} "$CG"
ln -s /lib/systemd/system/*.target "$W/units/"
printf '[Unit]\nRequires=basic.target dbus.socket\nAfter=basic.target dbus.socket\n' >"$W/units/probe.target"
printf '[Socket]\nListenStream=/run/dbus/system_bus_socket\n' >"$W/units/dbus.socket"
printf '[Service]\nType=notify\nExecStart=/usr/bin/dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only\n' >"$W/units/dbus.service"
OUTPUT=tty
if [ "$JOURNAL" = --journal ]; then
  for u in systemd-journald.service systemd-journald.socket systemd-journald-dev-log.socket; do
    ln -s "/lib/systemd/system/$u" "$W/units/$u"
  done
  printf '[Unit]\nRequires=basic.target dbus.socket systemd-journald.socket\nAfter=basic.target dbus.socket systemd-journald.service\n' >"$W/units/probe.target"
  OUTPUT=journal
fi

cat >"$W/init.sh" <<'SH'
set -eu; W=$1; OUTPUT=$2; C=$(tty); m() { mount -n "$@"; }
m -t cgroup2 none /sys/fs/cgroup; m --bind $W /mnt; m -t tmpfs -o mode=1777 none /tmp; mkdir -p $W; m --move /mnt $W
# /etc and /var: copy-on-write overlays, so users, journald.conf, StateDirectory= stay in $W.
m -t overlay overlay -o lowerdir=/etc,upperdir=$W/overlay/etc/upper,workdir=$W/overlay/etc/work /etc
m -t overlay overlay -o lowerdir=/var,upperdir=$W/overlay/var/upper,workdir=$W/overlay/var/work /var
# /run is a tmpfs as on a real host (credentials need it); its bus and journal directories are
# bound from $W/run, so the host reaches the bus socket and the journal files.
m -t tmpfs -o mode=755 none /run; mkdir -p /run/dbus /run/log; m --bind $W/run/dbus /run/dbus; m --bind $W/run/log /run/log
m -t tmpfs none /var/lib/systemd; m -t tmpfs -o mode=1777 none /var/tmp
m -t tmpfs -o mode=755 none /mnt; mkdir /mnt/pts /mnt/shm; ln -s pts/ptmx /mnt/ptmx
for d in null zero full random urandom tty console; do touch /mnt/$d; done
for d in null zero full random urandom tty; do m --bind /dev/$d /mnt/$d; done; m --bind $C /mnt/console
m -t devpts -o newinstance,ptmxmode=0666 none /mnt/pts; m -t tmpfs none /mnt/shm; m --move /mnt /dev
# The unit's static system user, created as its install notes say (in the overlay only).
getent passwd warden >/dev/null || useradd --system --user-group --home-dir /var/lib/warden --shell /usr/sbin/nologin warden
mkdir -p /etc/systemd/journald.conf.d
printf '[Journal]\nStorage=volatile\nForwardToConsole=yes\nTTYPath=/dev/console\nMaxLevelConsole=debug\n' >/etc/systemd/journald.conf.d/sandbox.conf
# Shared propagation, as systemd sets up on a real host: credentials (LoadCredential=) are mounted in a
# child namespace and must propagate back. The namespace's mounts are private copies, so nothing
# propagates to the host.
m --make-rshared /
exec env -i container=ci PATH=/usr/sbin:/usr/bin SYSTEMD_UNIT_PATH=$W/units SYSTEMD_GENERATOR_PATH=$W/empty \
  SYSTEMD_ENVIRONMENT_GENERATOR_PATH=$W/empty /lib/systemd/systemd --system --unit=probe.target \
  --log-target=console --show-status=no --default-standard-output=$OUTPUT --default-standard-error=inherit
SH

BOOT=; PID1=; WAITER=
cleanup() {
  set +e
  [ -n "$WAITER" ] && kill "$WAITER" 2>/dev/null
  [ -n "$PID1" ] && kill -9 "$PID1" 2>/dev/null
  [ -e "$CG/cgroup.kill" ] && echo 1 >"$CG/cgroup.kill" 2>/dev/null
  [ -n "$BOOT" ] && wait "$BOOT" 2>/dev/null
  for _ in $(seq 50); do
    find "$CG" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null
    rmdir "$CG" 2>/dev/null && break; sleep 0.1
  done
  [ -d "$CG" ] && echo "warning: cgroup $CG not removed" >&2
  [ "${SANDBOX_KEEP:-0}" = 1 ] || rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

(echo $BASHPID >"$CG/cgroup.procs"; exec script -qfec "unshare -pfm -uiC --propagation private --mount-proc bash $W/init.sh $W $OUTPUT" "$W/console.log") >/dev/null 2>&1 </dev/null &
BOOT=$!
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$W/run/dbus/system_bus_socket
M="org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager"
state=
for _ in $(seq 300); do
  [ -z "$PID1" ] && PID1=$(head -1 "$CG/init.scope/cgroup.procs" 2>/dev/null || true)
  state=$(busctl get-property $M SystemState 2>/dev/null || true)
  [ "$state" = 's "running"' ] && break
  kill -0 $BOOT 2>/dev/null || break
  sleep 0.05
done
if [ "$state" != 's "running"' ] || [ -z "$PID1" ]; then
  echo "systemd did not reach SystemState=running (state: ${state:-none}); console:" >&2
  tail -c 4000 "$W/console.log" >&2 2>/dev/null || true
  exit 1
fi
echo "PID1 $PID1"
# Block until the caller closes our stdin (or is gone), in the background so signals act at once.
cat <&0 >/dev/null &
WAITER=$!
wait $WAITER || true
