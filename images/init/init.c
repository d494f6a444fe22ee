// The image's /init (PID 1): prepares the file systems, loads the drivers for the hardware present,
// starts the agent, reaps every orphan, and powers off or reboots when the agent exits.
//
// The root (the initramfs) is read-only once the agent starts; writable tmpfs are mounted at /etc,
// /var, /system, /run and /tmp. The agent's exit status says what to do next:
//   0                  power off
//   EXIT_REBOOT (10)   reboot
//   anything else      (a crash or a signal) log it, wait a little, reboot
// Build: gcc -static -Os -o init init.c
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define AGENT "/usr/lib/talos-ts/start.cjs"
#define NODE "/usr/bin/node"
#define MODPROBE "/usr/sbin/modprobe"
#define EXIT_REBOOT 10
#define MAX_ALIASES 1024
// Present while the drivers are loading (the agent waits for it to go before it looks at devices).
#define DRIVERS_LOADING "/run/drivers-loading"

static void say(const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (n > (int)sizeof buf - 2) n = sizeof buf - 2;
  buf[n++] = '\n';
  struct timespec ts;
  clock_gettime(CLOCK_BOOTTIME, &ts);
  dprintf(2, "[%5ld.%06ld] init: ", (long)ts.tv_sec, ts.tv_nsec / 1000);
  if (write(2, buf, n) < 0) return;
}

static void must_mount(const char *src, const char *dst, const char *type, unsigned long flags,
                       const char *data) {
  mkdir(dst, 0755);
  if (mount(src, dst, type, flags, data) != 0) say("mount %s on %s: %s", type, dst, strerror(errno));
}

static void write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write(fd, text, strlen(text)) < 0) say("write %s: %s", path, strerror(errno));
  if (fd >= 0) close(fd);
}

static void console(void) {
  int fd = open("/dev/console", O_RDWR | O_NOCTTY);
  if (fd < 0) return;
  for (int i = 0; i < 3; i++)
    if (fd != i) dup2(fd, i);
  if (fd > 2) close(fd);
}

static void mounts(void) {
  const unsigned long nosuid = MS_NOSUID | MS_NODEV | MS_NOEXEC;
  must_mount("proc", "/proc", "proc", nosuid, NULL);
  must_mount("sysfs", "/sys", "sysfs", nosuid, NULL);
  must_mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
  console();
  must_mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "gid=5,mode=0620,ptmxmode=0666");
  must_mount("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
  must_mount("cgroup2", "/sys/fs/cgroup", "cgroup2", nosuid, "nsdelegate");
  must_mount("bpf", "/sys/fs/bpf", "bpf", nosuid, "mode=0700");
  must_mount("securityfs", "/sys/kernel/security", "securityfs", nosuid, NULL);
  must_mount("run", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
  must_mount("tmp", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
  must_mount("var", "/var", "tmpfs", MS_NODEV, "mode=0755");
  must_mount("system", "/system", "tmpfs", MS_NODEV, "mode=0700");
  must_mount("etc", "/etc", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
  // /etc is written by the agent (resolv.conf, hosts, hostname, kubernetes/...); the fixed files
  // live read-only under /usr and are linked in.
  mkdir("/etc/ssl", 0755);
  mkdir("/etc/ssl/certs", 0755);
  if (symlink("/usr/share/ca-certificates/ca-certificates.crt", "/etc/ssl/certs/ca-certificates.crt") ||
      symlink("/usr/lib/os-release", "/etc/os-release") || symlink("/proc/self/mounts", "/etc/mtab"))
    say("populating /etc: %s", strerror(errno));
  mkdir("/var/log", 0755);
  mkdir("/var/lib", 0755);
  mkdir("/system/state", 0700);
}

// Runs argv[0] with argv and waits for it (reaping anything else that exits meanwhile).
static int run(char *const argv[]) {
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
  if (pid < 0) return -1;
  int st;
  for (;;) {
    pid_t got = waitpid(-1, &st, 0);
    if (got == pid) return st;
    if (got < 0 && errno != EINTR) return -1;
  }
}

// Reads the modalias of every device on every bus into aliases[]; returns how many.
static int collect_aliases(char *aliases[], int max) {
  int n = 0;
  DIR *buses = opendir("/sys/bus");
  if (!buses) return 0;
  struct dirent *bus;
  while ((bus = readdir(buses)) && n < max) {
    if (bus->d_name[0] == '.') continue;
    char path[512];
    snprintf(path, sizeof path, "/sys/bus/%s/devices", bus->d_name);
    DIR *devs = opendir(path);
    if (!devs) continue;
    struct dirent *dev;
    while ((dev = readdir(devs)) && n < max) {
      if (dev->d_name[0] == '.') continue;
      char file[1024], buf[512];
      snprintf(file, sizeof file, "%s/%s/modalias", path, dev->d_name);
      int fd = open(file, O_RDONLY | O_CLOEXEC);
      if (fd < 0) continue;
      ssize_t len = read(fd, buf, sizeof buf - 1);
      close(fd);
      if (len <= 0) continue;
      buf[len] = 0;
      buf[strcspn(buf, "\n")] = 0;
      if (buf[0]) aliases[n++] = strdup(buf);
    }
    closedir(devs);
  }
  closedir(buses);
  return n;
}

// Loads the drivers of the devices present, as udev's coldplug would: every device's modalias
// through modprobe, again while new devices appear (virtio_pci brings virtio devices, and so on).
static void coldplug(void) {
  int previous = -1;
  for (int pass = 0; pass < 4; pass++) {
    static char *aliases[MAX_ALIASES];
    int n = collect_aliases(aliases, MAX_ALIASES);
    if (n == previous) break;
    previous = n;
    char *argv[MAX_ALIASES + 5] = {MODPROBE, "-a", "-b", "-q"};
    for (int i = 0; i < n; i++) argv[4 + i] = aliases[i];
    argv[4 + n] = NULL;
    run(argv);
    for (int i = 0; i < n; i++) free(aliases[i]);
  }
}

static pid_t start_agent(void) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  setsid();
  sigset_t all;
  sigemptyset(&all);
  sigprocmask(SIG_SETMASK, &all, NULL);
  char *const argv[] = {"node", AGENT, "machined", "--platform", "metal", "--state-dir", "/", NULL};
  char *const envp[] = {"PATH=/usr/bin:/usr/sbin", "HOME=/var/lib/talos-ts", "LANG=C.UTF-8", NULL};
  execve(NODE, argv, envp);
  say("exec %s: %s", NODE, strerror(errno));
  _exit(127);
}

static void finish(int how) {
  say("stopping every process");
  kill(-1, SIGTERM);
  // Every process left is a child of init by now (orphans are re-parented here).
  for (int i = 0; i < 50; i++) {
    pid_t pid;
    while ((pid = waitpid(-1, NULL, WNOHANG)) > 0) {
    }
    if (pid < 0 && errno == ECHILD) break;
    usleep(100000);
  }
  kill(-1, SIGKILL);
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  sync();
  say(how == RB_POWER_OFF ? "powering off" : "rebooting");
  reboot(how);
  for (;;) pause();
}

int main(void) {
  if (getpid() != 1) {
    fprintf(stderr, "init: must run as PID 1\n");
    return 1;
  }
  umask(022);
  mounts();
  reboot(RB_DISABLE_CAD);
  write_file("/proc/sys/kernel/modprobe", MODPROBE "\n");
  // Everything the agent writes lives on the tmpfs mounts; the image itself is read-only.
  if (mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY, NULL) != 0)
    say("remounting / read-only: %s", strerror(errno));
  // The drivers load beside the agent's start: Node's own start-up needs none of them, and the
  // agent waits for DRIVERS_LOADING to go before it looks at links and disks.
  say("loading drivers");
  int marker = open(DRIVERS_LOADING, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  if (marker >= 0) close(marker);
  pid_t loader = fork();
  if (loader <= 0) {
    coldplug();
    unlink(DRIVERS_LOADING);
    say("drivers loaded");
    if (loader == 0) _exit(0);
  }
  say("starting the agent");
  pid_t agent = start_agent();
  for (;;) {
    int st;
    pid_t pid = waitpid(-1, &st, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      say("waitpid: %s", strerror(errno));
      sleep(1);
      continue;
    }
    if (pid != agent) continue;
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) finish(RB_POWER_OFF);
    if (WIFEXITED(st) && WEXITSTATUS(st) == EXIT_REBOOT) finish(RB_AUTOBOOT);
    if (WIFEXITED(st))
      say("the agent exited with status %d; rebooting in 10 seconds", WEXITSTATUS(st));
    else
      say("the agent was killed by signal %d; rebooting in 10 seconds", WTERMSIG(st));
    sleep(10);
    finish(RB_AUTOBOOT);
  }
}
