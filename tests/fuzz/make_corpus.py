#!/usr/bin/env python3
"""make_corpus.py - write the seed corpus of fuzz_promise (tests/fuzz/corpus/).

Each seed is a small promise program in fuzz_promise.c's bytecode; the
assembler below mirrors its `enum op` (keep the two in step).  Running the
script rewrites the seed-*.bin files and fuzz_promise.dict; it never touches
other files in corpus/ (regression inputs found by the fuzzer, crash-*.bin).

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


def prog(*ops):
    out = []
    for op in ops:
        out += op
    return bytes(out)


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

DICT = {
    "op_with_resolvers": [WITH_RESOLVERS, OBS],
    "op_timer_resolve": timer(1, resolve(0, V_INT)),
    "op_timer_reject": timer(1, reject(0)),
    "op_then_int": then(0, B_INT),
    "op_comb_all3": [COMB, ALL, 3, 0, 8, 7],
    "op_resolve_thenable": resolve(0, V_THENABLE, T_KEEP, 1),
}


def main():
    os.makedirs(CORPUS, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(CORPUS, "seed-%s.bin" % name), "wb") as f:
            f.write(data)
    with open(os.path.join(HERE, "fuzz_promise.dict"), "w") as f:
        f.write("# libFuzzer dictionary for fuzz_promise (written by make_corpus.py)\n")
        for name, data in DICT.items():
            f.write('%s="%s"\n' % (name, "".join("\\x%02x" % b for b in data)))
    print("wrote %d seeds to %s" % (len(SEEDS), CORPUS))


if __name__ == "__main__":
    main()
