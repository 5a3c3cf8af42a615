/*
 * seed-race.pml: the P1 seed race of BENCHMARKS.md for Spin, written to match bench/seed-race.scn
 * as bpflife models it (linux semantics): N cats (-DCATS=N, 1 to 6; default 2, the .scn's
 * cat[1..2]) open and read the pin /sys/fs/bpf/tasks/foo to EOF and close it, rm removes the pin,
 * the updater gets the link from the pin (BPF_OBJ_GET), loads a second prog B and
 * BPF_LINK_UPDATEs the link to it, then closes both fds.
 *
 *   spin -DCATS=3 -a bench/seed-race.pml && gcc -O2 -DSAFETY -DVECTORSZ=4096 -o pan pan.c && ./pan -m100000
 *
 * (bench/p1-scaling.sh runs it beside bpflife for N = 2, 3, 4.) Every per-reader object, channel
 * and variable is an array indexed by the reader k = 0..N-1, and every per-reader term of the
 * invariants is summed by the SUMK/ALLK macros; a singleton's handler of reader k's channel is a
 * process of its own (BpffsFromCat(k), ...), which adds no state (see ProgFromSession). With
 * CATS=2 the state count is that of the two-reader model this file was (2,194,556 with
 * -DSAFETY -DCOLLAPSE; 811 with -DCATS=1 -DUPDATER=0, as before).
 *
 * HOW IT CORRESPONDS TO THE BPFLIFE MODEL (model/src/main/java/bpflife/model/)
 *
 * bpflife runs one state machine per object, a FIFO channel per (sender, receiver) pair, and one
 * delivery = one atomic step of the receiver (Kernel.step + apply), every invariant checked after
 * every step. This model keeps exactly that structure:
 *   - every bpflife object is one Promela process (or a process per instance): Bpffs, Inode, Link,
 *     Prog (A and B), Idr (prog_idr, link_idr), SessionCounter, OpenFile (the two cats' session
 *     files, the updater's link file and prog-B file), SeqSession (one per cat), Task (cat1, cat2,
 *     rm, updater);
 *   - every (sender, receiver) pair that exchanges messages in this scenario is one buffered
 *     Promela channel, FIFO, named sender_receiver (c_fs = cat -> bpffs, ino_lnk = inode -> link,
 *     ...); only its head can be received, and a receiver may take the head of any of its channels,
 *     as the bpflife scheduler may deliver the head of any enabled channel;
 *   - every delivery is one d_step: receive the head, run the object's step (the same rule as the
 *     Java method named in the comment), send its messages, then CHECK() every invariant; so a
 *     Spin transition is a bpflife delivery and a Spin state is a bpflife state (object states +
 *     messages in flight). Message kinds carry the names of bpflife's Msg records;
 *   - object states are globals (so that the invariants, like bpflife's runtime, can read all of
 *     them): prog {refcnt, phase LIVE/FREEING/FREED, id, ackTo}, link {refcnt, prog pointer (the
 *     value link_mutex protects: OpenSession and Update are steps of the link, so they are
 *     serialised, and PrepareSession travels link -> prog FIFO before any later put of the link's),
 *     phase LIVE/DYING/RELEASING/FREED, ackTo, awaiting}, inode {nlink (names), opens, destroyed},
 *     bpffs {the name foo}, file {f_count, phase, ackTo, awaiting}, session {phase, prog, session
 *     id, ended}, idr entries, the session id counter, and per task its fds and the references its
 *     system call holds (the Frame's held list);
 *   - the deferred link free (bpf_link_put from the inode's destruction -> schedule_work) is the
 *     link sending itself FREE_WORK on lnk_lnk, delivered later like any message, exactly as
 *     Link.lastPut does.
 *
 *   - a task is one loop of guarded d_steps on its stage (TaskStep's statement and Frame stage),
 *     so that, as in bpflife, two schedules that reach the same task state reach the same state
 *     whatever order the replies came in.
 *
 * Invariants (DeterministicRuntime's, checked after every delivery, here by CHECK()):
 *   - use after free / double free: no message is received by a freed object (the FREED_OBJ
 *     assertion that opens every object's handler);
 *   - refcount underflow: no put at refcount 0 (assert in each Put handler);
 *   - refcount = holders: each counted object's count equals the holders named by the states
 *     (link's prog pointer, sessions' prog, files' object and inode, bpffs name, tasks' fds and
 *     in-call references) plus the references carried by messages in flight (ghost counter
 *     carried[], updated on every send and receive of a carrying message as Msg.carries() says);
 *   - listing: no IDR entry names a freed object, every live settled prog/link is in its IDR;
 *   - dumps: when a session's read returns 0 bytes, its reads were 3 object lines and exactly one
 *     END, all naming the session's one prog and its session id (DumpCheck.problem);
 *   - at quiescence (Spin's timeout: nothing can move): every task exited and nothing leaked
 *     (every counted object freed or reachable from the bpffs name).
 *
 * WHAT DIFFERS
 *   - setup is not modelled: the initial state is the one after bpflife's setup task exited (prog
 *     A id 1 refcnt 1 held by the link, link id 1 refcnt 1 held by the inode, inode nlink 1, the
 *     name foo, setup's fds closed). bpflife also counts setup's 34 states (one path: setup runs
 *     alone). Spin counts its initial state and one state after the quiescence check per final
 *     state, which bpflife does not.
 *   - bpflife's World -> task Start message and the task -> itself Continue message between two
 *     calls are the task's stage here (the next d_step is enabled at once): the same states and
 *     transitions, without a channel.
 *   - text is abstracted: a read reply carries (object lines, prog and session id) instead of the
 *     129 bytes; the dump check is on those (bpflife parses the text: same rule).
 *   - fds, variables, kernel ids of the tasks are the booleans that can differ between schedules
 *     (which fd a task has); bpflife's Task state also has vars/ids maps determined by the same
 *     history (they add no states).
 *   - bpflife's Frame.held is a list in arrival order: an open that got the inode before the prog
 *     and one that got them the other way round are two bpflife states and one state here.
 *   - every state variable bpflife keeps is read by some step here (the session id by the read
 *     reply, a file's ackTo by its last ack, the link's awaiting count), else Spin's data-flow
 *     optimisation would drop it from the state vector and merge states bpflife tells apart.
 *   - channel capacities are finite (4 on the pairs that can hold several messages, 2 elsewhere);
 *     a send to a full channel inside d_step would be reported by Spin as an error, and none is.
 *   - Spin applies its own partial-order reduction (on by default; it removes nothing here:
 *     every step reads global state for the invariants) and stores every state; bpflife's
 *     exhaustive search uses sleep sets + persistent sets + state caching. So both explore the
 *     same transition system but do not count the same number of states.
 *
 * CROSS-CHECK (BENCHMARKS.md, P1): with the reductions off (pan built with -DNOREDUCE; bpflife's
 * ExhaustiveSearch with reduce=false), smaller variants of the scenario have the same number of
 * states in both once the differences above are accounted for (setup, Spin's extra states, the
 * held-list order), which is evidence that the two are the same transition system.
 */

/* The bug variant bpflife calls bug-prog-ref-outside-lock (Semantics.progRefUnderLock false): the link
   answers OpenSession with the prog pointer (ProgSnapshot) and the opener asks the prog for its
   reference later, outside link_mutex; an update in between can free the prog first.
   spin -DBUG_PROG_REF_OUTSIDE_LOCK -a bench/seed-race.pml: Spin must find the use after free
   (as ./bpflife explore bench/seed-race.scn --strategy exhaustive --semantics bug-prog-ref-outside-lock). */

/* Smaller variants, to compare full state counts with bpflife's (BENCHMARKS.md, P1 cross-check):
   spin -DCATS=1 -DUPDATER=0 -a bench/seed-race.pml (the .scn with the same tasks left out). */
#ifndef CATS
#define CATS 2
#endif
#ifndef UPDATER
#define UPDATER 1
#endif

/* ---- object names (ActorId) ---- */
#define PA   1   /* prog:setup.1, dump_task, id 1 */
#define PB   2   /* prog:updater.N, dump_b, id 2 */
#define LNK  3   /* link:setup.3, id 1 */
#define INO  4   /* inode:1, the pin foo */
#define FL   5   /* file:updater.N (link fd) */
#define FP   6   /* file:updater.N (prog B fd) */
#define F1   7   /* file:catK.N at F1+K-1 (session file, holds its session and INO) */
#define S1   (F1+CATS)   /* session:catK.N at S1+K-1 */
#define C1   (S1+CATS)   /* task:catK at C1+K-1 */
#define RM   (C1+CATS)   /* task:rm */
#define UP   (RM+1)      /* task:updater */
#define NOBJ (UP+1)
/* indices of the updater's files in the file arrays (the cats' files are 0..CATS-1) */
#define FLI  CATS
#define FPI  (CATS+1)

/* E(0) + ... + E(CATS-1) and E(0) && ... && E(CATS-1): the per-reader terms of the invariants */
#if CATS == 1
#define SUMK(E) (E(0))
#define ALLK(E) (E(0))
#elif CATS == 2
#define SUMK(E) (E(0) + E(1))
#define ALLK(E) (E(0) && E(1))
#elif CATS == 3
#define SUMK(E) (E(0) + E(1) + E(2))
#define ALLK(E) (E(0) && E(1) && E(2))
#elif CATS == 4
#define SUMK(E) (E(0) + E(1) + E(2) + E(3))
#define ALLK(E) (E(0) && E(1) && E(2) && E(3))
#elif CATS == 5
#define SUMK(E) (E(0) + E(1) + E(2) + E(3) + E(4))
#define ALLK(E) (E(0) && E(1) && E(2) && E(3) && E(4))
#elif CATS == 6
#define SUMK(E) (E(0) + E(1) + E(2) + E(3) + E(4) + E(5))
#define ALLK(E) (E(0) && E(1) && E(2) && E(3) && E(4) && E(5))
#else
#error CATS must be 1 to 6
#endif

/* phases */
#define UNBORN   0
#define LIVE     1   /* prog LIVE, link LIVE, file OPEN, session OPEN */
#define DYING    2   /* prog FREEING, link DYING, file/session RELEASING */
#define RELEASING 3  /* link only */
#define FREED    4

#define DIRECT   0
#define DEFERRED 1

mtype = { LOOKUP_OPEN, LOOKUP_GET, FAILED, INODE_OPEN, INODE_GETOBJ, GRANTED, OPEN_SESSION,
          PREPARE_SESSION, SESSION_PROG_GRANTED, NEXT_SESSION_ID, SESSION_ID_IS, FILE_READ,
          SESSION_READ, READ_RETURNED, PUT, ACKED, RELEASE, ID_REMOVE, ID_REMOVED, NAME_DROPPED,
          PATH_UNLINK, FREE_WORK, GET, ID_ALLOC, ID_ASSIGNED, READY, PROBE, UPDATE, PROG_SNAPSHOT };

/* ---- channels: one per (sender, receiver) pair; fields: kind, a, b ---- */
/* tasks -> kernel */
chan c_fs[CATS]   = [2] of { mtype, byte, byte };   /* cat -> bpffs: Lookup(OPEN) */
chan c_sc[CATS]   = [2] of { mtype, byte, byte };   /* cat -> session counter: NextSessionId */
chan c_f[CATS]    = [2] of { mtype, byte, byte };   /* cat -> its file: FileRead, Put */
chan rm_fs     = [2] of { mtype, byte, byte };   /* rm -> bpffs: PathUnlink */
chan up_fs     = [2] of { mtype, byte, byte };   /* updater -> bpffs: Lookup(OBJ_GET) */
chan up_pidr   = [2] of { mtype, byte, byte };   /* updater -> prog_idr: IdAlloc */
chan up_fl     = [2] of { mtype, byte, byte };   /* updater -> link file: Probe, Put */
chan up_fp     = [2] of { mtype, byte, byte };   /* updater -> prog file: Probe, Put */
chan up_lnk    = [2] of { mtype, byte, byte };   /* updater -> link: Update, Put */
/* kernel -> tasks */
chan fs_c[CATS]   = [2] of { mtype, byte, byte };   /* Failed(ENOENT) */
chan fs_rm     = [2] of { mtype, byte, byte };
chan fs_up     = [2] of { mtype, byte, byte };
chan ino_c[CATS]  = [2] of { mtype, byte, byte };   /* Granted(inode): the open file holds the path */
chan ino_rm    = [2] of { mtype, byte, byte };   /* Acked */
chan p_c[2*CATS]    = [2] of { mtype, byte, byte };   /* prog X -> cat k at [(X-1)*CATS+k]: SessionProgGranted */
chan sc_c[CATS]   = [2] of { mtype, byte, byte };   /* SessionIdIs */
chan s_c[CATS]    = [2] of { mtype, byte, byte };   /* ReadReturned */
chan f_c[CATS]    = [2] of { mtype, byte, byte };   /* Acked (close) */
chan lnk_rm    = [2] of { mtype, byte, byte };   /* Acked (deferred put of the destroyed inode) */
chan lnk_up    = [2] of { mtype, byte, byte };   /* Granted, Acked */
chan p_up[2]   = [2] of { mtype, byte, byte };   /* prog X -> updater at [X-1]: Ready, Granted, Acked */
chan fl_up     = [2] of { mtype, byte, byte };   /* Acked */
chan fp_up     = [2] of { mtype, byte, byte };   /* Acked */
/* kernel -> kernel */
chan fs_ino    = [CATS+2] of { mtype, byte, byte };   /* InodeOpen, InodeGetObj, NameDropped: FIFO = path ref */
chan ino_lnk   = [CATS+2] of { mtype, byte, byte };   /* OpenSession, Get, Put(DEFERRED) */
chan lnk_p[2]  = [CATS+2] of { mtype, byte, byte };   /* link -> prog X: PrepareSession, Put: FIFO = link_mutex */
chan p_pidr[2] = [2] of { mtype, byte, byte };   /* IdRemove */
chan pidr_p[2] = [2] of { mtype, byte, byte };   /* IdAssigned, IdRemoved */
chan p_s[2*CATS]    = [2] of { mtype, byte, byte };   /* prog X -> session k: Acked */
chan s_p[2*CATS]    = [2] of { mtype, byte, byte };   /* session k -> prog X: Put */
chan p_lnk[2]  = [2] of { mtype, byte, byte };   /* prog X -> link: Acked */
chan fp_p[2]   = [2] of { mtype, byte, byte };   /* prog file -> prog X at [X-1] (only B): Get (probe), Put (release) */
chan pb_fp     = [2] of { mtype, byte, byte };   /* Acked */
chan f_s[CATS]    = [2] of { mtype, byte, byte };   /* SessionRead, Release */
chan s_f[CATS]    = [2] of { mtype, byte, byte };   /* Acked */
chan f_ino[CATS]  = [2] of { mtype, byte, byte };   /* Put (the path's hold on the inode) */
chan ino_f[CATS]  = [2] of { mtype, byte, byte };   /* Acked */
chan lnk_f[CATS]  = [2] of { mtype, byte, byte };   /* Acked (deferred put when the file's iput destroyed the inode) */
chan lnk_lnk   = [2] of { mtype, byte, byte };   /* FreeWork: the deferred bpf_link_free */
chan lnk_lidr  = [2] of { mtype, byte, byte };   /* IdRemove */
#ifdef BUG_PROG_REF_OUTSIDE_LOCK
chan lnk_c[CATS]  = [2] of { mtype, byte, byte };   /* ProgSnapshot: link->prog read under link_mutex, no ref */
chan c_p[2*CATS]    = [2] of { mtype, byte, byte };   /* cat k -> prog X at [(X-1)*CATS+k]: Get, after the mutex */
#endif
chan lidr_lnk  = [2] of { mtype, byte, byte };   /* IdRemoved */
chan fl_lnk    = [2] of { mtype, byte, byte };   /* Get (probe), Put (release) */
chan lnk_fl    = [2] of { mtype, byte, byte };   /* Acked */

/* ---- object states ---- */
byte p_ref[3];  byte p_phase[3];  byte p_id[3];  byte p_ack[3];          /* Prog.State, by PA/PB */
byte l_ref = 1; byte l_prog = PA; byte l_phase = LIVE; byte l_ack; byte l_await;   /* Link.State */
byte i_nlink = 1; byte i_opens; bool i_dead;                             /* Inode.State */
bool fs_foo = 1;                                                         /* Bpffs.State: the name */
byte pidr[3];                                                            /* prog_idr entries by id */
byte lidr1 = LNK;                                                        /* link_idr entry 1 */
byte sc_last;                                                            /* SessionCounter.State */
byte f_ref[CATS+2]; byte f_phase[CATS+2]; byte f_ack[CATS+2]; byte f_await[CATS+2]; /* OpenFile.State: cat k's at k, FLI, FPI */
byte s_phase[CATS]; byte s_prog[CATS]; byte s_sid[CATS]; bool s_ended[CATS];       /* SeqSession.State */
/* tasks: fds and the references the system call in flight holds (Frame.held) */
bool c_fd[CATS]; bool c_hino[CATS]; byte c_hprog[CATS]; bool c_done[CATS];
bool rm_done;
bool u_fdl;     bool u_fdp;      bool u_hlnk;      bool u_hpb;   bool u_done;
/* ghost: references carried by messages in flight (Accounting.carried) */
byte carried[NOBJ];
/* ghost: what each session's reads returned (the runtime's dumps) */
byte d_lines[CATS]; byte d_ends[CATS]; bool d_other[CATS];

/* scratch for one delivery, not part of the state */
hidden mtype mm;
hidden byte ma, mb;


/* refcount and holders, as ObjectState.refcount() and holds() */
#define SESSION_HOLDS(k, x)  (s_phase[k] == LIVE && s_prog[k] == (x))
#define HOLDS_A(k)      (SESSION_HOLDS(k, PA) + (c_hprog[k] == PA))
#define HOLDS_B(k)      (SESSION_HOLDS(k, PB) + (c_hprog[k] == PB))
#define HOLDERS_PA      ((l_phase < RELEASING && l_prog == PA) + SUMK(HOLDS_A))
#define HOLDERS_PB      ((l_phase < RELEASING && l_prog == PB) + SUMK(HOLDS_B) + u_hpb + (f_phase[FPI] == LIVE))
#define HOLDERS_LNK     ((!i_dead) + (f_phase[FLI] == LIVE) + u_hlnk)
#define HOLDS_INO(k)    ((f_phase[k] == LIVE) + c_hino[k])
#define HOLDERS_INO     (fs_foo + SUMK(HOLDS_INO))
#define SESSION_REF(k)  (s_phase[k] == LIVE)
#define FILE_BALANCED(k)    (f_ref[k] == c_fd[k] + carried[F1+k])
#define SESSION_BALANCED(k) (SESSION_REF(k) == (f_phase[k] == LIVE) + carried[S1+k])

#define PROG_LIVE_SETTLED(x) (p_ref[x] > 0 && p_id[x] != 0)

inline CHECK() {
#ifdef REACH
    assert(!(REACH));   /* a reachability probe: spin -DREACH='(cond)' finds a state where cond holds */
#endif
    /* refcount = holders + references in flight */
    assert(p_ref[PA] == HOLDERS_PA + carried[PA]);
    assert(p_ref[PB] == HOLDERS_PB + carried[PB]);
    assert(l_ref == HOLDERS_LNK + carried[LNK]);
    assert(i_nlink + i_opens == HOLDERS_INO + carried[INO]);
    assert(ALLK(FILE_BALANCED));
    assert(f_ref[FLI] == u_fdl + carried[FL]);
    assert(f_ref[FPI] == u_fdp + carried[FP]);
    assert(ALLK(SESSION_BALANCED));
    /* listing: a freed object is not listed; a live settled one is */
    assert(!(p_phase[PA] == FREED && pidr[1] == PA) && !(p_phase[PB] == FREED && pidr[2] == PB));
    assert(!PROG_LIVE_SETTLED(PA) || pidr[p_id[PA]] == PA);
    assert(!PROG_LIVE_SETTLED(PB) || pidr[p_id[PB]] == PB);
    assert(!(l_phase == FREED && lidr1 == LNK));
    assert(!(l_ref > 0) || lidr1 == LNK)
}

/* deliveries: receive the head of a channel; the receiver must not be freed */
#define FREED_OBJ(o) ((o) == PA && p_phase[PA] == FREED || (o) == PB && p_phase[PB] == FREED \
                      || (o) == LNK && l_phase == FREED || (o) == INO && i_dead \
                      || (o) == FL && f_phase[FLI] == FREED || (o) == FP && f_phase[FPI] == FREED \
                      || (o) >= F1 && (o) < F1+CATS && f_phase[(o)-F1] == FREED \
                      || (o) >= S1 && (o) < S1+CATS && s_phase[(o)-S1] == FREED)

/* send an Acked from `from` to the object named `to` (the Put's ackTo) */
inline ack_from_prog(x, to) {
    if
    :: to == LNK -> p_lnk[x-1]!ACKED,0,0
    :: to >= S1 && to < S1+CATS -> p_s[(x-1)*CATS + to - S1]!ACKED,0,0
    :: to == UP  -> p_up[x-1]!ACKED,0,0
    :: to == FP  -> pb_fp!ACKED,0,0
    fi
}
inline ack_from_link(to) {
    if
    :: to == RM -> lnk_rm!ACKED,0,0
    :: to >= F1 && to < F1+CATS -> lnk_f[to-F1]!ACKED,0,0
    :: to == FL -> lnk_fl!ACKED,0,0
    :: to == UP -> lnk_up!ACKED,0,0
    :: to == 0  -> skip        /* deferred free: nobody waits (Out.send(null, ...)) */
    fi
}
inline ack_from_inode(to) {
    if
    :: to == RM -> ino_rm!ACKED,0,0
    :: to >= F1 && to < F1+CATS -> ino_f[to-F1]!ACKED,0,0
    fi
}

/* ================= Prog (Prog.step) ================= */
inline prog_put(x, mode, ackto) {   /* Msg.Put -> Refs.drop */
    carried[x]--;
    assert(p_ref[x] > 0);            /* refcount underflow */
    p_ref[x]--;
    if
    :: p_ref[x] > 0 -> ack_from_prog(x, ackto)
    :: else -> p_phase[x] = DYING; p_ack[x] = ackto; p_pidr[x-1]!ID_REMOVE,p_id[x],x   /* FreeingStarted */
    fi
}
proctype Prog(byte x) {
    byte k;
end:
    do
    :: d_step { lnk_p[x-1]?mm,ma,mb -> assert(!FREED_OBJ(x));
           if
           :: mm == PREPARE_SESSION ->   /* under link_mutex: the session's ref is taken now */
                p_ref[x]++; carried[x]++; p_c[(x-1)*CATS + ma - C1]!SESSION_PROG_GRANTED,x,0
           :: mm == PUT -> prog_put(x, mb, ma)
           fi; mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { pidr_p[x-1]?mm,ma,mb -> assert(!FREED_OBJ(x));
           if
           :: mm == ID_ASSIGNED -> p_id[x] = ma; p_up[x-1]!READY,ma,0
           :: mm == ID_REMOVED -> p_phase[x] = FREED; p_ref[x] = 0; ack_from_prog(x, p_ack[x]); p_ack[x] = 0
           fi; mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { fp_p[x-1]?mm,ma,mb -> assert(!FREED_OBJ(x));     /* only prog B has an fd here */
           if
           :: mm == GET -> p_ref[x]++; carried[x]++; p_up[x-1]!GRANTED,x,0   /* Refs.grant */
           :: mm == PUT -> prog_put(x, mb, ma)
           fi; mm = 0; ma = 0; mb = 0; CHECK() }
    od
}

/* A singleton's (or a prog's) handlers of the channels from reader k, one process per reader:
   all state is global and each handler is one d_step, so splitting an object's loop into one
   process per input channel adds no state and no transition (with CATS=2 the state count is that
   of the one-loop model), and lets the number of readers be a macro. */
proctype ProgFromSession(byte x; byte k) {
end:
    do
    :: d_step { s_p[(x-1)*CATS+k]?mm,ma,mb -> assert(!FREED_OBJ(x)); prog_put(x, mb, ma); mm = 0; ma = 0; mb = 0; CHECK() }
#ifdef BUG_PROG_REF_OUTSIDE_LOCK
    :: d_step { c_p[(x-1)*CATS+k]?mm,ma,mb -> assert(!FREED_OBJ(x));   /* Refs.grant: a plain inc */
           p_ref[x]++; carried[x]++; p_c[(x-1)*CATS+k]!GRANTED,x,0; mm = 0; ma = 0; mb = 0; CHECK() }
#endif
    od
}

/* ================= Idr (Idr.step) ================= */
proctype ProgIdr() {
end:
    do
    :: d_step { up_pidr?mm,ma,mb ->            /* IdAlloc(obj) -> idr_alloc_cyclic: id 2 */
           pidr[2] = ma; pidr_p[ma-1]!ID_ASSIGNED,2,0; mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { p_pidr[0]?mm,ma,mb -> pidr[ma] = 0; pidr_p[0]!ID_REMOVED,0,0; mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { p_pidr[1]?mm,ma,mb -> pidr[ma] = 0; pidr_p[1]!ID_REMOVED,0,0; mm = 0; ma = 0; mb = 0; CHECK() }
    od
}
proctype LinkIdr() {
end:
    do
    :: d_step { lnk_lidr?mm,ma,mb -> lidr1 = 0; lidr_lnk!ID_REMOVED,0,0; mm = 0; ma = 0; mb = 0; CHECK() }
    od
}

/* ================= SessionCounter ================= */
proctype SessionCounter(byte k) {   /* its channel from reader k */
end:
    do
    :: d_step { c_sc[k]?mm,ma,mb -> sc_last++; sc_c[k]!SESSION_ID_IS,sc_last,0; mm = 0; ma = 0; mb = 0; CHECK() }
    od
}

/* ================= Bpffs (Bpffs.step: lookup, PathUnlink) ================= */
proctype Bpffs() {
end:
    do
    :: d_step { up_fs?mm,ma,mb ->
           if :: fs_foo -> fs_ino!INODE_GETOBJ,UP,0 :: else -> fs_up!FAILED,0,0 fi; mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { rm_fs?mm,ma,mb ->             /* PinUnlinked: the name's hold travels with NameDropped */
           if :: fs_foo -> fs_foo = 0; carried[INO]++; fs_ino!NAME_DROPPED,RM,0 :: else -> fs_rm!FAILED,0,0 fi;
           mm = 0; ma = 0; mb = 0; CHECK() }
    od
}

proctype BpffsFromCat(byte k) {
end:
    do
    :: d_step { c_fs[k]?mm,ma,mb ->
           if :: fs_foo -> fs_ino!INODE_OPEN,C1+k,0 :: else -> fs_c[k]!FAILED,0,0 fi; mm = 0; ma = 0; mb = 0; CHECK() }
    od
}

/* ================= Inode (Inode.step) ================= */
inline iput(ackto) {   /* the final iput destroys the inode, which puts the link (deferred) */
    if
    :: i_nlink > 0 || i_opens > 0 -> ack_from_inode(ackto)
    :: else -> i_dead = 1; carried[LNK]++; ino_lnk!PUT,ackto,DEFERRED
    fi
}
proctype Inode() {
end:
    do
    :: d_step { fs_ino?mm,ma,mb -> assert(!FREED_OBJ(INO));
           if
           :: mm == INODE_OPEN ->    /* the new file holds the path before iter_open runs */
                i_opens++; carried[INO]++; ino_c[ma-C1]!GRANTED,INO,0; ino_lnk!OPEN_SESSION,ma,0
           :: mm == INODE_GETOBJ -> ino_lnk!GET,ma,0
           :: mm == NAME_DROPPED -> carried[INO]--; i_nlink--; iput(ma)
           fi; mm = 0; ma = 0; mb = 0; CHECK() }
    od
}
proctype InodeFromFile(byte k) {
end:
    do
    :: d_step { f_ino[k]?mm,ma,mb -> assert(!FREED_OBJ(INO));
           carried[INO]--; assert(i_opens > 0); i_opens--; iput(ma); mm = 0; ma = 0; mb = 0; CHECK() }
    od
}

/* ================= Link (Link.step) ================= */
inline link_release() {   /* ops->dealloc: put the prog */
    l_phase = RELEASING; l_await = 1; carried[l_prog]++; lnk_p[l_prog-1]!PUT,LNK,DIRECT
}
inline link_put(mode, ackto) {   /* Msg.Put -> Refs.drop, lastPut */
    carried[LNK]--;
    assert(l_ref > 0);
    l_ref--;
    if
    :: l_ref > 0 -> ack_from_link(ackto)
    :: else ->
        if
        :: mode == DIRECT -> l_phase = DYING; l_ack = ackto; lnk_lidr!ID_REMOVE,1,LNK
        :: else -> l_phase = DYING; l_ack = 0; ack_from_link(ackto); lnk_lnk!FREE_WORK,0,0
        fi
    fi
}
inline link_grant(to) {   /* Refs.grant */
    l_ref++; carried[LNK]++; lnk_up!GRANTED,LNK,0
}
inline link_acked() {   /* the prog's put is done: the link is freed, its putter told */
    l_await--;
    if :: l_await == 0 -> l_phase = FREED; l_ref = 0; ack_from_link(l_ack); l_ack = 0 :: else fi
}
proctype Link() {
end:
    do
    :: d_step { ino_lnk?mm,ma,mb -> assert(!FREED_OBJ(LNK));
           if
#ifndef BUG_PROG_REF_OUTSIDE_LOCK
           :: mm == OPEN_SESSION -> lnk_p[l_prog-1]!PREPARE_SESSION,ma,0   /* link->prog under link_mutex */
#else
           :: mm == OPEN_SESSION -> lnk_c[ma-C1]!PROG_SNAPSHOT,l_prog,0   /* the bug: the opener takes the ref later */
#endif
           :: mm == GET -> link_grant(ma)
           :: mm == PUT -> link_put(mb, ma)
           fi; mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { up_lnk?mm,ma,mb -> assert(!FREED_OBJ(LNK));
           if
           :: mm == UPDATE ->    /* bpf_iter_link_replace: swap, put the old prog (acked to the updater) */
                carried[ma]--; carried[l_prog]++; lnk_p[l_prog-1]!PUT,UP,DIRECT; l_prog = ma
           :: mm == PUT -> link_put(mb, ma)
           fi; mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { fl_lnk?mm,ma,mb -> assert(!FREED_OBJ(LNK));
           if
           :: mm == GET -> link_grant(ma)
           :: mm == PUT -> link_put(mb, ma)
           fi; mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { lnk_lnk?mm,ma,mb -> assert(!FREED_OBJ(LNK)); lnk_lidr!ID_REMOVE,1,LNK; mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { lidr_lnk?mm,ma,mb -> assert(!FREED_OBJ(LNK)); link_release(); mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { p_lnk[0]?mm,ma,mb -> assert(!FREED_OBJ(LNK));
           link_acked(); mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { p_lnk[1]?mm,ma,mb -> assert(!FREED_OBJ(LNK));
           link_acked(); mm = 0; ma = 0; mb = 0; CHECK() }
    od
}

/* ================= a cat's session file and session (OpenFile.step, SeqSession.step) ================= */
proctype SessionFile(byte k) {
end:
    do
    :: d_step { c_f[k]?mm,ma,mb -> assert(!FREED_OBJ(F1+k));
           if
           :: mm == FILE_READ -> f_s[k]!SESSION_READ,C1+k,0
           :: mm == PUT ->
                carried[F1+k]--; assert(f_ref[k] > 0); f_ref[k]--;
                if
                :: f_ref[k] > 0 -> f_c[k]!ACKED,0,0
                :: else ->        /* __fput: iter_release, then the path's inode */
                     carried[S1+k]++; f_s[k]!RELEASE,F1+k,0;
                     carried[INO]++; f_ino[k]!PUT,F1+k,DIRECT;
                     f_phase[k] = DYING; f_ack[k] = ma; f_await[k] = 2
                fi
           fi; mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { s_f[k]?mm,ma,mb -> assert(!FREED_OBJ(F1+k));
           f_await[k]--; if :: f_await[k] == 0 -> f_phase[k] = FREED; f_ack[k] = 0; f_c[k]!ACKED,0,0 :: else fi;
           mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { ino_f[k]?mm,ma,mb -> assert(!FREED_OBJ(F1+k));
           f_await[k]--; if :: f_await[k] == 0 -> f_phase[k] = FREED; f_ack[k] = 0; f_c[k]!ACKED,0,0 :: else fi;
           mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { lnk_f[k]?mm,ma,mb -> assert(!FREED_OBJ(F1+k));
           f_await[k]--; if :: f_await[k] == 0 -> f_phase[k] = FREED; f_ack[k] = 0; f_c[k]!ACKED,0,0 :: else fi;
           mm = 0; ma = 0; mb = 0; CHECK() }
    od
}
inline session_acked(k) {
    s_phase[k] = FREED; s_f[k]!ACKED,0,0
}
proctype Session(byte k) {
end:
    do
    :: d_step { f_s[k]?mm,ma,mb -> assert(!FREED_OBJ(S1+k));
           if
           :: mm == SESSION_READ ->   /* bpf_seq_read with count 4096: all 3 objects and the END fit */
                if
                :: !s_ended[k] -> s_ended[k] = 1; d_lines[k] = d_lines[k] + 3; d_ends[k]++;
                                   s_c[k]!READ_RETURNED,3,s_prog[k]*16 + s_sid[k]   /* lines name prog and session */
                :: else ->        /* EOF: the dump check (DumpCheck.problem) */
                     assert(d_lines[k] == 3 && d_ends[k] == 1 && !d_other[k]);
                     s_c[k]!READ_RETURNED,0,0
                fi
           :: mm == RELEASE ->        /* put the prog */
                carried[S1+k]--; s_phase[k] = DYING;
                carried[s_prog[k]]++; s_p[(s_prog[k]-1)*CATS+k]!PUT,S1+k,DIRECT
           fi; mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { p_s[k]?mm,ma,mb -> assert(!FREED_OBJ(S1+k)); session_acked(k); mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { p_s[CATS+k]?mm,ma,mb -> assert(!FREED_OBJ(S1+k)); session_acked(k); mm = 0; ma = 0; mb = 0; CHECK() }
    od
}

/* ================= the updater's link file and prog file (OpenFile.step) ================= */
proctype LinkFile() {
end:
    do
    :: d_step { up_fl?mm,ma,mb -> assert(!FREED_OBJ(FL));
           if
           :: mm == PROBE -> fl_lnk!GET,UP,0
           :: mm == PUT -> carried[FL]--; assert(f_ref[FLI] > 0); f_ref[FLI]--;
                if
                :: f_ref[FLI] > 0 -> fl_up!ACKED,0,0
                :: else -> carried[LNK]++; fl_lnk!PUT,FL,DIRECT; f_phase[FLI] = DYING; f_ack[FLI] = ma; f_await[FLI] = 1
                fi
           fi; mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { lnk_fl?mm,ma,mb -> assert(!FREED_OBJ(FL));
           f_await[FLI]--; if :: f_await[FLI] == 0 && f_ack[FLI] == UP -> f_phase[FLI] = FREED; f_ack[FLI] = 0; fl_up!ACKED,0,0 fi;
           mm = 0; ma = 0; mb = 0; CHECK() }
    od
}
proctype ProgFile() {
end:
    do
    :: d_step { up_fp?mm,ma,mb -> assert(!FREED_OBJ(FP));
           if
           :: mm == PROBE -> fp_p[PB-1]!GET,UP,0
           :: mm == PUT -> carried[FP]--; assert(f_ref[FPI] > 0); f_ref[FPI]--;
                if
                :: f_ref[FPI] > 0 -> fp_up!ACKED,0,0
                :: else -> carried[PB]++; fp_p[PB-1]!PUT,FP,DIRECT; f_phase[FPI] = DYING; f_ack[FPI] = ma; f_await[FPI] = 1
                fi
           fi; mm = 0; ma = 0; mb = 0; CHECK() }
    :: d_step { pb_fp?mm,ma,mb -> assert(!FREED_OBJ(FP));
           f_await[FPI]--; if :: f_await[FPI] == 0 && f_ack[FPI] == UP -> f_phase[FPI] = FREED; f_ack[FPI] = 0; fp_up!ACKED,0,0 fi;
           mm = 0; ma = 0; mb = 0; CHECK() }
    od
}

/* ================= tasks (TaskStep) ================= */
/* A task is one loop of guarded d_steps on its stage (TaskStep's Frame.stage, plus the pc of the
   statement): every step returns to the loop head, so two schedules that reach the same task state
   reach the same Spin state (no code path remembers the order the replies came in). */
#define RECV(ch)  nempty(ch) -> ch?mm,ma,mb
#define DONE      mm = 0; ma = 0; mb = 0; CHECK()

/* cat k: f = open foo (=> ok | ENOENT); read f 4096 until eof; close f; exit */
inline cat_opened(k) {   /* both replies of the open are in: ask for the session id */
    if :: c_hino[k] && c_hprog[k] != 0 -> c_sc[k]!NEXT_SESSION_ID,C1+k,0; st = 2 :: else fi
}
proctype Cat(byte k) {
    byte st;   /* 0 start, 1 open awaits inode + prog, 2 awaits session id, 3 read, 4 awaits read,
                  5 close, 6 awaits close, 7 exit, 9 bailed (exit), 10 exited */
end:
    do
    :: d_step { st == 0 -> c_fs[k]!LOOKUP_OPEN,C1+k,0; st = 1; CHECK() }      /* Start; open(2): Lookup */
    :: d_step { st == 1 && RECV(fs_c[k]); st = 9; DONE }                       /* ENOENT: cat bails */
    :: d_step { st == 1 && RECV(ino_c[k]); carried[INO]--; c_hino[k] = 1; cat_opened(k); DONE }
    :: d_step { st == 1 && RECV(p_c[k]); carried[PA]--; c_hprog[k] = PA; cat_opened(k); DONE }
    :: d_step { st == 1 && RECV(p_c[CATS+k]); carried[PB]--; c_hprog[k] = PB; cat_opened(k); DONE }
#ifdef BUG_PROG_REF_OUTSIDE_LOCK
    :: d_step { st == 1 && RECV(lnk_c[k]); c_p[(ma-1)*CATS+k]!GET,C1+k,0; DONE }  /* ProgSnapshot: ask the prog */
#endif
    :: d_step { st == 2 && RECV(sc_c[k]);   /* the session (holds the prog) and its file (the session, the inode) */
                s_phase[k] = LIVE; s_prog[k] = c_hprog[k]; s_sid[k] = ma;
                f_phase[k] = LIVE; f_ref[k] = 1; c_fd[k] = 1; c_hino[k] = 0; c_hprog[k] = 0; st = 3; DONE }
    :: d_step { st == 3 -> c_f[k]!FILE_READ,C1+k,0; st = 4; CHECK() }         /* read f 4096 */
    :: d_step { st == 4 && RECV(s_c[k]);                                       /* ... until eof */
                if :: ma > 0 && mb != s_prog[k]*16 + s_sid[k] -> d_other[k] = 1 :: else fi;
                if :: ma > 0 -> st = 3 :: else -> st = 5 fi; DONE }
    :: d_step { st == 5 -> c_fd[k] = 0; carried[F1+k]++; c_f[k]!PUT,C1+k,DIRECT; st = 6; CHECK() }   /* close f */
    :: d_step { st == 6 && RECV(f_c[k]); st = 7; DONE }
    :: d_step { (st == 7 || st == 9) -> c_done[k] = 1; st = 10; CHECK() }     /* exit(2): no fd left */
    od
}

/* rm: rm foo (=> ok); exit */
proctype Rm() {
    byte st;
end:
    do
    :: d_step { st == 0 -> rm_fs!PATH_UNLINK,RM,0; st = 1; CHECK() }
    :: d_step { st == 1 && RECV(ino_rm); st = 2; DONE }
    :: d_step { st == 1 && RECV(lnk_rm); st = 2; DONE }
    :: d_step { st == 1 && RECV(fs_rm); st = 2; DONE }
    :: d_step { st == 2 -> rm_done = 1; st = 3; CHECK() }                       /* exit(2) */
    od
}

/* updater: l = obj get foo (=> ok | ENOENT); pB = prog load; update l pB; close l; close pB; exit */
proctype Updater() {
    byte st;
end:
    do
    :: d_step { st == 0 -> up_fs!LOOKUP_GET,UP,0; st = 1; CHECK() }          /* Start; BPF_OBJ_GET: Lookup */
    :: d_step { st == 1 && RECV(fs_up); st = 90; DONE }                        /* ENOENT: the updater bails */
    :: d_step { st == 1 && RECV(lnk_up); carried[LNK]--; f_phase[FLI] = LIVE; f_ref[FLI] = 1; u_fdl = 1; st = 2; DONE }
    /* prog load: prog B is born held by the call, its id asked for */
    :: d_step { st == 2 -> p_phase[PB] = LIVE; p_ref[PB] = 1; u_hpb = 1; up_pidr!ID_ALLOC,PB,0; st = 3; CHECK() }
    :: d_step { st == 3 && RECV(p_up[1]); f_phase[FPI] = LIVE; f_ref[FPI] = 1; u_fdp = 1; u_hpb = 0; st = 4; DONE }
    /* update l pB: fdget the link (a ref), fdget the prog (a ref), Update carries the prog's ref */
    :: d_step { st == 4 -> up_fl!PROBE,UP,0; st = 5; CHECK() }
    :: d_step { st == 5 && RECV(lnk_up); carried[LNK]--; u_hlnk = 1; up_fp!PROBE,UP,0; st = 6; DONE }
    :: d_step { st == 6 && RECV(p_up[1]); up_lnk!UPDATE,PB,0; st = 7; DONE }   /* Granted's ref goes on in Update */
    /* the old prog's put is acked; then the call puts its link ref */
    :: d_step { st == 7 && RECV(p_up[0]); u_hlnk = 0; carried[LNK]++; up_lnk!PUT,UP,DIRECT; st = 8; DONE }
    :: d_step { st == 8 && RECV(lnk_up); st = 9; DONE }
    :: d_step { st == 9 -> u_fdl = 0; carried[FL]++; up_fl!PUT,UP,DIRECT; st = 10; CHECK() }   /* close l */
    :: d_step { st == 10 && RECV(fl_up); st = 11; DONE }
    :: d_step { st == 11 -> u_fdp = 0; carried[FP]++; up_fp!PUT,UP,DIRECT; st = 12; CHECK() }  /* close pB */
    :: d_step { st == 12 && RECV(fp_up); st = 13; DONE }
    :: d_step { (st == 13 || st == 90) -> u_done = 1; st = 99; CHECK() }      /* exit(2) */
    od
}

/* at quiescence (nothing else can move): every task exited, nothing leaked */
#define REACH_INO  (fs_foo)
#define REACH_LNK  (REACH_INO && !i_dead)
#define LEAK(o, freed, reach)  (!(freed) && !(reach))
#define CAT_DONE(k)        (c_done[k])
#define FILE_CLOSED(k)     (f_phase[k] != LIVE)
#define SESSION_CLOSED(k)  (s_phase[k] != LIVE)
proctype Quiescence() {
    d_step { timeout ->
    assert(ALLK(CAT_DONE) && rm_done && u_done);
    assert(!LEAK(INO, i_dead, REACH_INO));
    assert(!LEAK(LNK, l_phase == FREED, REACH_LNK));
    assert(!LEAK(PA, p_phase[PA] == FREED, REACH_LNK && l_prog == PA));
    assert(!LEAK(PB, p_phase[PB] == UNBORN || p_phase[PB] == FREED, REACH_LNK && l_prog == PB));
    assert(ALLK(FILE_CLOSED) && f_phase[FLI] != LIVE && f_phase[FPI] != LIVE);
    assert(ALLK(SESSION_CLOSED)) }
}

init {
    byte k;
    atomic {
        /* the state after setup: prog A (id 1) held by the link, the link (id 1) by the pin's inode */
        p_phase[PA] = LIVE; p_ref[PA] = 1; p_id[PA] = 1; pidr[1] = PA; p_id[PB] = 0;
        run Prog(PA); run Prog(PB); run ProgIdr(); run LinkIdr(); run Bpffs();
        run Inode(); run Link(); run LinkFile(); run ProgFile();
        run Quiescence();
        do
        :: k < CATS ->
            run ProgFromSession(PA, k); run ProgFromSession(PB, k); run SessionCounter(k);
            run BpffsFromCat(k); run InodeFromFile(k); run SessionFile(k); run Session(k); run Cat(k);
            k++
        :: else -> break
        od;
        run Rm();
#if UPDATER
        run Updater()
#else
        u_done = 1
#endif
    }
}
