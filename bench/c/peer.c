/* The C peer of `npm run bench`: plain libvirt calls, each workload timed inside the process.
 * Reads one command per line on stdin, answers one JSON line on stdout:
 *   open URI GUESTS            open URI (kept for later commands); GUESTS > 0 defines lvts-bench-00.. on it
 *   define URI GUESTS          define lvts-bench-00..GUESTS-1 (small inactive guests, no disks)
 *   undefine URI               destroy (if running) and undefine every lvts-bench-NN guest
 *   alive URI N                median ns of virConnectIsAlive (batches of 16)
 *   seq URI MS NAME            lookup-by-name + getInfo + free, one after another, for MS ms
 *   par URI MS NAME THREADS    the same on THREADS pthreads sharing the one connection
 *   xml URI MS NAME            lookup-by-name + getXMLDesc + free
 *   list URI MS                listAllDomains, then getState of each one by one, then free them (a guest
 *                              removed meanwhile by another program is skipped)
 *   liststats URI MS           virConnectGetAllDomainStats(STATE): every guest's state in one call
 *   cycles URI N NAME          N sequential lookup + getInfo + free cycles, untimed (memory)
 *   rss                        resident set size
 * Timed commands answer {"cycles":N,"ns":elapsed}. Errors answer {"error":"..."}.
 * With --event-loop, libvirt's default event loop is registered and run on a thread of its own, as libvirt-ts
 * does (keepalive, events): what that costs every RPC shows next to the plain C figures. */
#define _GNU_SOURCE
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PREFIX "lvts-bench-"

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void reply_error(const char *what) {
  const char *msg = virGetLastErrorMessage();
  printf("{\"error\":\"%s: ", what);
  for (const char *p = msg; p && *p; p++) {
    if (*p == '"' || *p == '\\') putchar('\\');
    putchar(*p == '\n' ? ' ' : *p);
  }
  printf("\"}\n");
}

/* Connections by URI, opened on first use and kept. */
#define MAX_CONNS 8
static struct {
  char uri[256];
  virConnectPtr conn;
} conns[MAX_CONNS];

static virConnectPtr connection(const char *uri) {
  for (int i = 0; i < MAX_CONNS; i++)
    if (conns[i].conn && strcmp(conns[i].uri, uri) == 0) return conns[i].conn;
  for (int i = 0; i < MAX_CONNS; i++) {
    if (conns[i].conn) continue;
    virConnectPtr c = virConnectOpen(uri);
    if (!c) return NULL;
    snprintf(conns[i].uri, sizeof conns[i].uri, "%s", uri);
    conns[i].conn = c;
    return c;
  }
  return NULL;
}

static int define_guests(virConnectPtr conn, int count) {
  char xml[512];
  for (int i = 0; i < count; i++) {
    snprintf(xml, sizeof xml,
             "<domain type='qemu'><name>" PREFIX "%02d</name><memory unit='MiB'>64</memory>"
             "<os><type arch='x86_64'>hvm</type></os></domain>",
             i);
    virDomainPtr d = virDomainDefineXML(conn, xml);
    if (!d) return -1;
    virDomainFree(d);
  }
  return 0;
}

static int undefine_guests(virConnectPtr conn) {
  virDomainPtr *doms;
  int n = virConnectListAllDomains(conn, &doms, 0), removed = 0;
  if (n < 0) return -1;
  for (int i = 0; i < n; i++) {
    const char *name = virDomainGetName(doms[i]);
    if (name && strncmp(name, PREFIX, strlen(PREFIX)) == 0) {
      if (virDomainIsActive(doms[i]) == 1) virDomainDestroy(doms[i]);
      if (virDomainUndefine(doms[i]) == 0) removed++;
    }
    virDomainFree(doms[i]);
  }
  free(doms);
  return removed;
}

static int lookup_info(virConnectPtr conn, const char *name) {
  virDomainPtr d = virDomainLookupByName(conn, name);
  virDomainInfo info;
  if (!d) return -1;
  int rc = virDomainGetInfo(d, &info);
  virDomainFree(d);
  return rc;
}

static int lookup_xml(virConnectPtr conn, const char *name) {
  virDomainPtr d = virDomainLookupByName(conn, name);
  if (!d) return -1;
  char *xml = virDomainGetXMLDesc(d, 0);
  virDomainFree(d);
  if (!xml) return -1;
  free(xml);
  return 0;
}

static int last_count;

static int list_states(virConnectPtr conn, const char *unused) {
  (void)unused;
  virDomainPtr *doms;
  int n = virConnectListAllDomains(conn, &doms, 0), rc = 0;
  if (n < 0) return -1;
  for (int i = 0; i < n; i++) {
    int state, reason;
    /* A guest another program removed since the listing is skipped, as by every peer. */
    if (rc == 0 && virDomainGetState(doms[i], &state, &reason, 0) < 0 &&
        virGetLastErrorCode() != VIR_ERR_NO_DOMAIN)
      rc = -1;
    virDomainFree(doms[i]);
  }
  free(doms);
  last_count = n;
  return rc;
}

static int list_stats(virConnectPtr conn, const char *unused) {
  (void)unused;
  virDomainStatsRecordPtr *records;
  int n = virConnectGetAllDomainStats(conn, VIR_DOMAIN_STATS_STATE, &records, 0);
  if (n < 0) return -1;
  virDomainStatsRecordListFree(records);
  last_count = n;
  return 0;
}

typedef int (*cycle_fn)(virConnectPtr, const char *);

/* Runs `fn` until `ms` have passed; the clock is read once per cycle (~20 ns, under 1% of a cycle). */
static long timed(cycle_fn fn, virConnectPtr conn, const char *name, double ms, double *elapsed) {
  double start = now_ns(), deadline = start + ms * 1e6, t;
  long cycles = 0;
  do {
    if (fn(conn, name) < 0) return -1;
    cycles++;
  } while ((t = now_ns()) < deadline);
  *elapsed = t - start;
  return cycles;
}

struct lane {
  pthread_t thread;
  virConnectPtr conn;
  const char *name;
  double deadline;
  long cycles;
  int failed;
};

static void *lane_main(void *arg) {
  struct lane *l = arg;
  do {
    if (lookup_info(l->conn, l->name) < 0) {
      l->failed = 1;
      return NULL;
    }
    l->cycles++;
  } while (now_ns() < l->deadline);
  return NULL;
}

static long rss_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kib = -1;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "VmRSS: %ld", &kib) == 1) break;
  if (f) fclose(f);
  return kib;
}

static void *event_loop(void *unused) {
  (void)unused;
  for (;;) virEventRunDefaultImpl();
  return NULL;
}

int main(int argc, char **argv) {
  virSetErrorFunc(NULL, (virErrorFunc)(void (*)(void))virResetError);
  if (argc > 1 && strcmp(argv[1], "--event-loop") == 0) {
    pthread_t loop;
    if (virEventRegisterDefaultImpl() < 0 || pthread_create(&loop, NULL, event_loop, NULL) != 0) return 1;
    pthread_detach(loop);
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  char line[1024], op[32], uri[256], name[256];
  while (fgets(line, sizeof line, stdin)) {
    double a = 0, elapsed = 0;
    long b = 0;
    name[0] = 0;
    int fields = sscanf(line, "%31s %255s %lf %255s %ld", op, uri, &a, name, &b);
    if (fields < 1) continue;
    if (strcmp(op, "quit") == 0) break;
    if (strcmp(op, "rss") == 0) {
      printf("{\"rssKiB\":%ld}\n", rss_kib());
      continue;
    }
    virConnectPtr conn = fields >= 2 ? connection(uri) : NULL;
    if (!conn) {
      reply_error("open");
      continue;
    }
    if (strcmp(op, "open") == 0 || strcmp(op, "define") == 0) {
      if (a > 0 && define_guests(conn, (int)a) < 0) reply_error("define");
      else printf("{\"ok\":true}\n");
    } else if (strcmp(op, "undefine") == 0) {
      int removed = undefine_guests(conn);
      if (removed < 0) reply_error("undefine");
      else printf("{\"removed\":%d}\n", removed);
    } else if (strcmp(op, "alive") == 0) {
      int batches = (int)a / 16 > 0 ? (int)a / 16 : 1;
      double *t = malloc(sizeof(double) * batches);
      for (int i = 0; i < batches; i++) {
        double t0 = now_ns();
        for (int j = 0; j < 16; j++) virConnectIsAlive(conn);
        t[i] = (now_ns() - t0) / 16;
      }
      qsort(t, batches, sizeof *t, cmp);
      printf("{\"ns\":%.1f}\n", t[batches / 2]);
      free(t);
    } else if (strcmp(op, "cycles") == 0) {
      long i = 0;
      for (; i < (long)a; i++)
        if (lookup_info(conn, name) < 0) break;
      if (i < (long)a) reply_error("cycles");
      else printf("{\"cycles\":%ld}\n", i);
    } else if (strcmp(op, "par") == 0) {
      int threads = b > 0 ? (int)b : 8;
      struct lane *lanes = calloc(threads, sizeof *lanes);
      double start = now_ns();
      for (int i = 0; i < threads; i++) {
        lanes[i] = (struct lane){.conn = conn, .name = name, .deadline = start + a * 1e6};
        pthread_create(&lanes[i].thread, NULL, lane_main, &lanes[i]);
      }
      long cycles = 0;
      int failed = 0;
      for (int i = 0; i < threads; i++) {
        pthread_join(lanes[i].thread, NULL);
        cycles += lanes[i].cycles;
        failed |= lanes[i].failed;
      }
      elapsed = now_ns() - start;
      free(lanes);
      if (failed) printf("{\"error\":\"par: a call failed\"}\n");
      else printf("{\"cycles\":%ld,\"ns\":%.0f}\n", cycles, elapsed);
    } else {
      cycle_fn fn = strcmp(op, "seq") == 0        ? lookup_info
                    : strcmp(op, "xml") == 0      ? lookup_xml
                    : strcmp(op, "list") == 0     ? list_states
                    : strcmp(op, "liststats") == 0 ? list_stats
                                                  : NULL;
      if (!fn) {
        printf("{\"error\":\"unknown command %s\"}\n", op);
        continue;
      }
      long cycles = timed(fn, conn, name, a, &elapsed);
      if (cycles < 0) reply_error(op);
      else if (fn == list_states || fn == list_stats)
        printf("{\"cycles\":%ld,\"ns\":%.0f,\"count\":%d}\n", cycles, elapsed, last_count);
      else printf("{\"cycles\":%ld,\"ns\":%.0f}\n", cycles, elapsed);
    }
  }
  for (int i = 0; i < MAX_CONNS; i++)
    if (conns[i].conn) virConnectClose(conns[i].conn);
  return 0;
}
