// The boot benchmark's baseline /init (test only): the same kernel and Node binary as the image, but
// nothing of the agent — load the NIC driver, set the address QEMU's user network expects, and run
// Node with a TLS server on port 50000. Appended to the image's initramfs, it replaces /init.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

static void run(char *const argv[]) {
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
  int st;
  waitpid(pid, &st, 0);
}

int main(void) {
  mount("proc", "/proc", "proc", 0, NULL);
  mount("sysfs", "/sys", "sysfs", 0, NULL);
  mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
  mount("tmp", "/tmp", "tmpfs", 0, NULL);
  int fd = open("/dev/console", O_RDWR);
  if (fd >= 0) {
    dup2(fd, 1);
    dup2(fd, 2);
  }
  fprintf(stderr, "baseline: starting\n");
  run((char *const[]){"/usr/sbin/modprobe", "-a", "virtio_pci", "virtio_net", NULL});
  run((char *const[]){"/usr/bin/ip", "link", "set", "lo", "up", NULL});
  run((char *const[]){"/usr/bin/ip", "addr", "add", "10.0.2.15/24", "dev", "eth0", NULL});
  run((char *const[]){"/usr/bin/ip", "link", "set", "eth0", "up", NULL});
  char *const argv[] = {"node", "/baseline/server.mjs", NULL};
  char *const envp[] = {"PATH=/usr/bin", NULL};
  execve("/usr/bin/node", argv, envp);
  perror("baseline: exec node");
  return 1;
}
