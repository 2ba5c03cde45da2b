#!/usr/bin/env python3
"""make_corpus.py - write the seed corpus of fuzz_promise (tests/fuzz/corpus/).

Each seed is a small promise program in fuzz_promise.c's bytecode; the
assembler below mirrors its `enum op` (keep the two in step).  Running the
script rewrites the seed-*.bin files and fuzz_promise.dict; it never touches
other files in corpus/ (regression inputs found by the fuzzer, crash-*.bin).

Seeds named seed-pool_*.bin run in pool mode: they start with the header
"PL" + a configuration byte (workers - 1 in bits 0-1, the pool's fairness
interval in bits 2-7, 0 for its default), see pool() below.

    python3 tests/fuzz/make_corpus.py
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

# opcodes (fuzz_promise.c, enum op)
(WITH_RESOLVERS, NEW, RESOLVED, REJECTED, THEN, CATCH, FINALLY, COMB, RESOLVE,
 REJECT, TIMER, MICROTASK, CLEAR, RELEASE, TRY) = range(15)

# handler behaviours (enum beh)
(B_NULL, B_INT, B_PROMISE, B_THROW, B_INVALID, B_THENABLE, B_SELF, B_ERR) = range(8)

# thenable scripts (enum tscript)
(T_RESOLVE, T_REJECT, T_RESOLVE_REJECT, T_RESOLVE_TWICE, T_RESOLVE_THROW, T_THROW,
 T_NEVER, T_KEEP, T_NESTED, T_PROMISE, T_INVALID, T_REJECT_RESOLVE) = range(12)

# resolution value kinds (resolution_value: kind % 5) and reasons (% 3)
V_INT, V_ERR, V_PROMISE, V_THENABLE, V_SELF = range(5)
R_INT, R_ERR, R_PROMISE = range(3)

# combinators
ALL, ALL_SETTLED, RACE, ANY = range(4)

OBS, NOOBS = 1, 0


def with_resolvers(obs=OBS):
    return [WITH_RESOLVERS, obs]


def new(script, a=0, b=0, obs=OBS):
    """new Promise(executor): script 0 keep resolver, 1 resolve(value a), 2 reject,
    3 throw, 4 resolve then throw, 5 invalid outcome, 6 resolve then reject,
    7 keep and resolve."""
    return [NEW, script, a, b, obs]


def resolved(kind, a=0, b=0, obs=OBS):
    return [RESOLVED, kind, a, b, obs]


def rejected(kind, a=0, obs=OBS):
    return [REJECTED, kind, a, obs]


def then(slot, bf, af=0, bf2=0, br=B_NULL, ar=0, br2=0, obs=OBS):
    return [THEN, slot, bf, af, bf2, br, ar, br2, obs]


def catch(slot, beh, a=0, b=0, obs=OBS):
    return [CATCH, slot, beh, a, b, obs]


def finally_(slot, beh, a=0, b=0, obs=OBS):
    return [FINALLY, slot, beh, a, b, obs]


def comb(kind, items, obs=OBS):
    """items: slot numbers, or None for an immediate value."""
    enc = [7 if it is None else it << 3 for it in items]
    return [COMB, kind, len(items)] + enc + [obs]


def resolve(slot, kind, a=0, b=0):
    return [RESOLVE, slot, kind, a, b]


def reject(slot, kind=R_INT, a=0):
    return [REJECT, slot, kind, a]


def timer(ms, op):
    return [TIMER, ms, len(op)] + op


def microtask(op):
    return [MICROTASK, len(op)] + op


def clear(idx):
    return [CLEAR, idx]


def release(slot):
    return [RELEASE, slot]


def try_(beh, a=0, b=0, obs=OBS):
    """Promise.try: beh 0 return, 1 throw, 2 invalid, 3 promise a, 4 thenable."""
    return [TRY, beh, a, b, obs]


def on_settle(slot, op):
    """Pool mode only: a microtask whose ops run from a reaction on slot's
    settlement, on a worker (its length byte says so: len + 13 * (slot + 1)).
    On the loop it is a plain microtask."""
    return [MICROTASK, 13 * (slot + 1) + len(op)] + op


def prog(*ops):
    out = []
    for op in ops:
        out += op
    return bytes(out)


POOL_MAGIC = b"PL"


def pool(workers, *ops, fairness=0):
    """A pool-mode program: the header, then the ops.  On the pool a timer
    runs its ops on the side thread, a microtask on a worker (vow_spawn, or
    a reaction: on_settle)."""
    assert 1 <= workers <= 4 and 0 <= fairness < 64
    return POOL_MAGIC + bytes([fairness << 2 | (workers - 1)]) + prog(*ops)


SEEDS = {
    # resolver kept, settled by a timer; a then chain on it
    "basic_timer": prog(
        with_resolvers(),
        then(0, B_INT),
        then(1, B_INT),
        timer(5, resolve(0, V_INT))),
    # reject, catch, finally; one rejection left unhandled (not observed)
    "reject_catch_finally": prog(
        with_resolvers(),
        catch(0, B_INT),
        finally_(1, B_INT),
        rejected(R_ERR, obs=NOOBS),
        reject(0, R_ERR)),
    # resolve twice, reject after resolve, resolve with itself, with another promise
    "resolve_twice_self": prog(
        with_resolvers(), with_resolvers(), with_resolvers(),
        resolve(0, V_INT), resolve(0, V_INT), reject(0),
        resolve(1, V_SELF),
        resolve(2, V_PROMISE, 0), resolve(2, V_INT)),
    # every misbehaving thenable through Promise.resolve(thenable)
    "thenables_all_scripts": prog(*[resolved(V_THENABLE, s, s + 3) for s in range(12)]),
    # thenables handed to resolvers; one resolves with a nested thenable
    "thenable_resolver": prog(
        with_resolvers(), with_resolvers(),
        resolve(0, V_THENABLE, T_NESTED, T_RESOLVE_THROW),
        resolve(1, V_THENABLE, T_KEEP, 9),
        then(0, B_INT, br=B_INT), then(1, B_INT, br=B_INT)),
    # the four combinators over nothing
    "combinators_empty": prog(
        comb(ALL, []), comb(ALL_SETTLED, []), comb(RACE, []), comb(ANY, [], obs=NOOBS)),
    # combinators over a mix settled by timers at different times
    "combinators_timers": prog(
        with_resolvers(), with_resolvers(), with_resolvers(),
        comb(ALL, [0, 1, None]), comb(ALL_SETTLED, [0, 1, 2]),
        comb(RACE, [2, 1, 0]), comb(ANY, [0, 1, 2]),
        timer(9, resolve(0, V_INT)), timer(3, reject(1, R_ERR)), timer(6, reject(2))),
    # any where everything rejects; all with two rejections; race of settled
    "combinators_reject": prog(
        rejected(R_INT), rejected(R_ERR), resolved(V_INT),
        comb(ANY, [0, 1]), comb(ALL, [2, 0, 1]), comb(RACE, [1, 2]),
        comb(ALL_SETTLED, [0, 1, 2, None])),
    # new Promise with every executor script
    "executor_scripts": prog(*[new(s, V_INT if s != 1 else V_THENABLE, 2) for s in range(8)],
                             resolve(0, V_INT), reject(7)),
    # handlers that return a promise, themselves, an invalid outcome, a thenable, throw
    "handler_outcomes": prog(
        resolved(V_INT), with_resolvers(),
        then(0, B_PROMISE, 1), then(0, B_SELF), then(0, B_INVALID),
        then(0, B_THENABLE, T_REJECT), then(0, B_THROW, R_ERR), then(0, B_ERR),
        timer(2, resolve(1, V_INT))),
    # finally with each behaviour on a fulfilled and a rejected parent
    "finally_variants": prog(
        resolved(V_INT), rejected(R_INT),
        *[finally_(p, b, 0, T_RESOLVE) for p in (0, 1) for b in range(8)]),
    # microtasks, a cleared timer, a timer clearing a spent one
    "microtask_clear": prog(
        with_resolvers(),
        microtask(resolve(0, V_INT)),
        timer(4, reject(0)), clear(1),
        timer(7, clear(1)),
        then(0, B_INT)),
    # unhandled, then handled later from a timer (rejectionHandled)
    "late_handler": prog(
        rejected(R_INT, obs=NOOBS), with_resolvers(NOOBS),
        timer(1, reject(1, R_ERR)),
        timer(10, catch(0, B_INT)),
        timer(12, catch(1, B_INT))),
    # early release of pending promises with reactions; Promise.try
    "release_try": prog(
        with_resolvers(), then(0, B_INT), finally_(0, B_THROW),
        release(0), release(1),
        try_(0), try_(1, obs=NOOBS), try_(2), try_(3, 0), try_(4, T_RESOLVE_REJECT)),
    # Promise.reject(promise): a rejected promise as a reason, passed through
    "reject_with_promise": prog(
        resolved(V_INT), rejected(R_PROMISE, 0), catch(1, B_THROW, R_PROMISE, 0),
        then(1, B_INT)),
    # adoption chains: p follows q follows r; a cycle attempt is replaced
    "adoption_chain": prog(
        with_resolvers(), with_resolvers(), with_resolvers(),
        resolve(0, V_PROMISE, 1), resolve(1, V_PROMISE, 2), resolve(2, V_PROMISE, 0),
        timer(3, resolve(2, V_INT))),
}

# Pool mode (fuzz_promise.c, POOL MODE): programs made to race on a pool.
POOL_SEEDS = {
    # combinators over inputs settled from four threads at once (the fuzzing
    # thread, a spawned task, the side thread, a reaction on a worker), and
    # a combinator over combinators
    "pool_combinators": pool(4,
        with_resolvers(), with_resolvers(), with_resolvers(), with_resolvers(),
        comb(ALL, [0, 1, 2]), comb(ALL_SETTLED, [0, 1, 2, 3, None]),
        comb(RACE, [0, 1]), comb(ANY, [1, 2, 3]), comb(ALL, [3, None, 0]),
        comb(ALL_SETTLED, [6, 7, 8]),
        microtask(resolve(0, V_INT)), timer(0, reject(1, R_ERR)),
        on_settle(0, reject(3)), resolve(2, V_INT)),
    # thenables of every script adopted on workers; kept pairs settled by
    # the side thread; a nested one handed to a resolver
    "pool_thenables": pool(2,
        *[resolved(V_THENABLE, s, s + 3) for s in range(12)],
        with_resolvers(), with_resolvers(),
        resolve(12, V_THENABLE, T_KEEP, 4), resolve(13, V_THENABLE, T_NESTED, T_KEEP),
        then(12, B_THENABLE, T_REJECT, br=B_INT), then(13, B_INT, br=B_THENABLE, ar=T_KEEP)),
    # each resolver settled from several threads at once (the side thread,
    # spawned tasks, a reaction, the fuzzing thread): exactly one call wins
    "pool_settle_race": pool(3,
        with_resolvers(), with_resolvers(), with_resolvers(),
        then(0, B_INT, br=B_INT), then(1, B_INT, br=B_INT), finally_(2, B_INT),
        timer(0, resolve(0, V_INT)), microtask(reject(0, R_ERR)),
        microtask(resolve(0, V_THENABLE, T_RESOLVE)),
        timer(0, reject(1)), microtask(resolve(1, V_PROMISE, 0)),
        timer(0, resolve(2, V_THENABLE, T_RESOLVE)), microtask(reject(2, R_INT)),
        on_settle(0, resolve(2, V_INT)), reject(1, R_ERR)),
    # finally chains on parents settled by the side thread and a spawn
    "pool_finally_chains": pool(4,
        with_resolvers(), with_resolvers(),
        *[finally_(p, b, 0, T_RESOLVE) for p in (0, 1) for b in range(8)],
        finally_(2, B_THROW), finally_(18, B_PROMISE, 1), finally_(19, B_THENABLE, T_REJECT),
        timer(0, resolve(0, V_INT)), microtask(reject(1, R_ERR))),
    # ops issued from reactions on workers: each settlement settles the next
    # (every job a worker first looks at older work: fairness 1)
    "pool_reaction_ops": pool(2,
        with_resolvers(), with_resolvers(), with_resolvers(), with_resolvers(),
        then(3, B_INT, br=B_INT),
        on_settle(0, resolve(1, V_INT)), on_settle(1, reject(2, R_ERR)),
        on_settle(2, resolve(3, V_PROMISE, 1)), on_settle(2, catch(2, B_INT)),
        resolve(0, V_INT), fairness=1),
    # unhandled rejections on the pool: reported when destroyed
    "pool_unhandled": pool(1,
        rejected(R_INT, obs=NOOBS), with_resolvers(NOOBS), with_resolvers(NOOBS),
        rejected(R_ERR, obs=NOOBS), rejected(R_INT, obs=NOOBS),
        timer(0, reject(1, R_ERR)), microtask(reject(2, R_INT)),
        on_settle(2, catch(2, B_INT)),
        comb(ALL_SETTLED, [3], obs=NOOBS), release(4)),
    # early releases of pending promises with reactions while workers settle them
    "pool_early_release": pool(2,
        with_resolvers(), then(0, B_INT), finally_(0, B_THROW), with_resolvers(NOOBS),
        microtask(resolve(0, V_INT)), release(0), release(1), timer(0, reject(3)), release(3),
        try_(0), try_(1, obs=NOOBS), try_(2), try_(3, 0), try_(4, T_RESOLVE_REJECT)),
}

# Every loop seed on the pool too, with 1 to 4 workers and fairness 0 (the
# default), 1 or 2.
for _k, (_name, _data) in enumerate(SEEDS.items()):
    assert "pool_" + _name not in POOL_SEEDS
    POOL_SEEDS["pool_" + _name] = POOL_MAGIC + bytes([(_k % 3) << 2 | _k % 4]) + _data

DICT = {
    "op_with_resolvers": [WITH_RESOLVERS, OBS],
    "op_timer_resolve": timer(1, resolve(0, V_INT)),
    "op_timer_reject": timer(1, reject(0)),
    "op_then_int": then(0, B_INT),
    "op_comb_all3": [COMB, ALL, 3, 0, 8, 7],
    "op_resolve_thenable": resolve(0, V_THENABLE, T_KEEP, 1),
    "pool_header_2": list(POOL_MAGIC) + [1],
    "pool_header_4": list(POOL_MAGIC) + [3],
    "op_on_settle_resolve": on_settle(0, resolve(1, V_INT)),
}


def main():
    os.makedirs(CORPUS, exist_ok=True)
    for name, data in list(SEEDS.items()) + list(POOL_SEEDS.items()):
        with open(os.path.join(CORPUS, "seed-%s.bin" % name), "wb") as f:
            f.write(data)
    with open(os.path.join(HERE, "fuzz_promise.dict"), "w") as f:
        f.write("# libFuzzer dictionary for fuzz_promise (written by make_corpus.py)\n")
        for name, data in DICT.items():
            f.write('%s="%s"\n' % (name, "".join("\\x%02x" % b for b in data)))
    print("wrote %d seeds (%d in pool mode) to %s"
          % (len(SEEDS) + len(POOL_SEEDS), len(POOL_SEEDS), CORPUS))


if __name__ == "__main__":
    main()
