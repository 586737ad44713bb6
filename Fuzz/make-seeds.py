#!/usr/bin/env python3
"""Writes the fuzzer's starting points: Fuzz/corpus/request/seed-* (every command of
Sources/CairnProtocol/CommandTable.swift in multibulk and inline form, every numeric argument with
boundary values, framing edge cases, and RESP2/RESP3 replies for the reply decoder) and
Fuzz/request.dict (command names, option words, framing tokens, boundary numbers).

Add a new command or option to the lists below and run it; scripts/fuzz merges what the fuzzer
finds beside these.
Files it wrote before are replaced; inputs the fuzzer added (named by their SHA-1) are kept.
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus", "request")
DICT = os.path.join(HERE, "request.dict")

DS = "proj/dev/task-a/v1"
ID = "0b8a3f4e-5c1d-4e2f-9a3b-7c6d5e4f3a2b"
SHA = "a" * 64

# Integers where parsing changes behaviour: signs, zero, Int64 and Int ends, one past them, the
# digit counts of issue 11 (922337203685 accepted, 9223372036854 trapped), and what is not an
# integer at all.
NUMBERS = [
    "0", "1", "-1", "-0", "+1", "00", "60000", "86400000", "86400001", "3153600000", "3153600001",
    "922337203685", "9223372036854", "9223372036854776", "253402300799999", "253402300800000",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
    "18446744073709551616", "99999999999999999999999999999", "1e308", "1.5", "NaN", "inf", "", " 1",
    "0x10", "1_000",
]
# Times as ADMIN.PURGE takes them: durations before now and RFC 3339 timestamps.
TIMES = [
    "7d", "12h", "90m", "1.5s", "0", "-5s", "0s", "106751d", "106752d", "9999999999999999999ns",
    "2026-11-01T00:00:00Z", "1677-09-21T00:12:43.145224192Z", "2262-04-11T23:47:16.854775807Z",
    "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999+23:59", "2026-02-30T00:00:00Z", "1h30m",
]
SIZES = ["0", "1048576", "512MiB", "10GB", "8388607TiB", "8388608TiB", "-1", "1 kb", "k"]


def multibulk(*arguments):
    data = b"*%d\r\n" % len(arguments)
    for argument in arguments:
        value = argument if isinstance(argument, bytes) else argument.encode()
        data += b"$%d\r\n%s\r\n" % (len(value), value)
    return data


def inline(*arguments):
    def quoted(argument):
        if argument and not re.search(r"[\s\"'\\]", argument):
            return argument
        return '"' + argument.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return (" ".join(quoted(argument) for argument in arguments) + "\r\n").encode()


# One valid request per command and subcommand (the table's every entry), with its options.
COMMANDS = {
    "ping": [["PING"], ["PING", "hello"]],
    "echo": [["ECHO", "hi"]],
    "quit": [["QUIT"]],
    "select": [["SELECT", "0"]],
    "hello": [["HELLO"], ["HELLO", "3", "AUTH", "default", "secret", "SETNAME", "ci"], ["HELLO", "2"]],
    "auth": [["AUTH", "secret"], ["AUTH", "reader", "secret"]],
    "client": [
        ["CLIENT", "SETNAME", "worker-1"], ["CLIENT", "GETNAME"], ["CLIENT", "ID"],
        ["CLIENT", "SETINFO", "LIB-NAME", "redis-py"], ["CLIENT", "SETINFO", "LIB-VER", "5.0.1"],
    ],
    "command": [["COMMAND"], ["COMMAND", "COUNT"], ["COMMAND", "DOCS", "CACHE.GET"], ["COMMAND", "INFO", "PING"]],
    "info": [["INFO"], ["INFO", "server", "stats", "memory", "store", "persistence", "clients"]],
    "cache-get": [["CACHE.GET", DS, "3f9a"]],
    "cache-mget": [["CACHE.MGET", DS, "3f9a", "proj/dev/task-b/v1", "77c1"]],
    "cache-put": [
        ["CACHE.PUT", DS, "3f9a", "TTL", "3600", "META", "task", "a", "DATA", "o0", "42"],
        ["CACHE.PUT", DS, "3f9a", "BLOB", "file:///b/1", "10", SHA, "FENCE", "1", "OVERWRITE", "DATA", "o0", "7", "o1",
         "x"],
    ],
    "cache-evict": [["CACHE.EVICT", DS, "3f9a"]],
    "cache-reserve": [["CACHE.RESERVE", DS, "3f9a", "owner-1", "60000"]],
    "cache-release": [["CACHE.RELEASE", DS, "3f9a", "owner-1"]],
    "dataset-create": [["DATASET.CREATE", DS, "META", "owner", "ci", "PARTITION", "day", "PARTITION", "region"]],
    "dataset-get": [["DATASET.GET", DS]],
    "dataset-list": [["DATASET.LIST", "PROJECT", "proj", "DOMAIN", "dev", "PREFIX", "task", "LIMIT", "10", "CURSOR",
                      "abc"]],
    "artifact-create": [[
        "ARTIFACT.CREATE", DS, "ID", ID, "TTL", "86400", "META", "k", "v", "PARTITION", "day", "2026-11-21", "TAG",
        "3f9a", "BLOB", "s3://bucket/key", "1048576", SHA, "DATA", "o0", "42",
    ]],
    "artifact-get": [["ARTIFACT.GET", ID], ["ARTIFACT.GET", DS, "3f9a"]],
    "artifact-list": [[
        "ARTIFACT.LIST", DS, "TAG", "3f9a", "PARTITION", "day", "2026-11-21", "CREATED-FROM", "0", "CREATED-BEFORE",
        "1767225600000", "VALUES", "LIMIT", "100", "CURSOR", "c1",
    ]],
    "artifact-update": [
        ["ARTIFACT.UPDATE", ID, "TTL", "60", "META", "k", "v", "BLOB", "file:///b/2", "3", SHA, "DATA", "o0", "43"],
        ["ARTIFACT.UPDATE", DS, "3f9a", "PERSIST", "DATA", "o0", "44"],
    ],
    "artifact-delete": [["ARTIFACT.DELETE", ID]],
    "tag-add": [["TAG.ADD", DS, "latest", ID, "OVERWRITE"]],
    "admin-purge": [
        ["ADMIN.PURGE", "DRYRUN", "ALL"],
        ["ADMIN.PURGE", "DATASET", DS, "TAG", "3f9a", "ARTIFACT", ID, "CREATED-BEFORE", "7d", "NOT-HIT-SINCE",
         "2026-11-01T00:00:00Z", "EXPIRED", "MAX-TOTAL-SIZE", "10GB", "BATCH", "500"],
        ["ADMIN.PURGE", "PROJECT", "proj", "DOMAIN", "dev", "NAME-PREFIX", "task"],
    ],
}

# Every numeric argument, as a template whose {} takes each boundary value.
NUMERIC = {
    "select": ["SELECT", "{}"],
    "hello-version": ["HELLO", "{}"],
    "put-ttl": ["CACHE.PUT", DS, "t", "TTL", "{}", "DATA", "o0", "v"],
    "put-fence": ["CACHE.PUT", DS, "t", "FENCE", "{}", "DATA", "o0", "v"],
    "put-blob-size": ["CACHE.PUT", DS, "t", "BLOB", "file:///b", "{}", SHA, "DATA", "o0", "v"],
    "reserve-lease": ["CACHE.RESERVE", DS, "t", "owner", "{}"],
    "dataset-list-limit": ["DATASET.LIST", "LIMIT", "{}"],
    "create-ttl": ["ARTIFACT.CREATE", DS, "TTL", "{}", "DATA", "o0", "v"],
    "update-ttl": ["ARTIFACT.UPDATE", DS, "t", "TTL", "{}", "DATA", "o0", "v"],
    "list-created-from": ["ARTIFACT.LIST", DS, "CREATED-FROM", "{}"],
    "list-created-before": ["ARTIFACT.LIST", DS, "CREATED-BEFORE", "{}"],
    "list-limit": ["ARTIFACT.LIST", DS, "LIMIT", "{}"],
    "purge-batch": ["ADMIN.PURGE", "ALL", "BATCH", "{}"],
}

FRAMING = {
    "pipeline": multibulk("PING") + b"PING\r\n" + multibulk("ECHO", "a\r\nb") + b"ECHO 'x y' \"\\x41\\n\"\n",
    "empty-requests": b"*0\r\n*-1\r\n\r\n\n   \t\r\n" + multibulk("PING"),
    "inline-quotes": b"SET \"a \\\"b\\\"\\n\" 'it\\'s' \"\\x41\\x4g\" plain\r\n",
    "inline-unbalanced": b"ECHO \"abc\r\n",
    "inline-quote-glued": b"ECHO \"abc\"def\r\n",
    "bulk-binary": multibulk("ECHO", bytes(range(256))),
    "bulk-no-crlf": b"*1\r\n$4\r\nPINGxx",
    "bulk-negative": b"*1\r\n$-1\r\n",
    "bulk-huge": b"*1\r\n$33554433\r\n",
    "bulk-overflow": b"*1\r\n$99999999999999999999\r\n",
    "multibulk-huge": b"*65537\r\n",
    "multibulk-max": b"*65536\r\n$4\r\nPING\r\n",
    "header-long": b"*" + b"1" * 30 + b"\r\n",
    "expected-bulk": b"*2\r\n$4\r\nPING\r\n:1\r\n",
    "bare-lf": b"*1\n$4\nPING\n",
    "lowercase": multibulk("cache.get", DS, "3f9a") + b"cache.get " + DS.encode() + b" 3f9a\r\n",
    "non-utf8": multibulk(b"CACHE.GET", b"\xff\xfe/\xc0/\x80/v", b"\xed\xa0\x80"),
    "unknown": multibulk("FLUSHALL") + b"GET x\r\n",
    "arity": multibulk("CACHE.GET", DS) + multibulk("ECHO") + multibulk("CACHE.PUT", DS, "t", "DATA", "o0"),
    "repeated-options": multibulk("ARTIFACT.UPDATE", ID, "TTL", "1", "PERSIST", "DATA", "o0", "v")
    + multibulk("CACHE.PUT", DS, "t", "TTL", "1", "TTL", "2", "DATA", "o0", "v", "extra"),
}

# Replies, for the client's decoder: every RESP2 and RESP3 type, nested, null and malformed.
REPLIES = {
    "resp2": b"+OK\r\n-ERR bad\r\n:42\r\n$5\r\nhello\r\n$-1\r\n*2\r\n:1\r\n*-1\r\n",
    "resp3": b"_\r\n,3.5\r\n,inf\r\n,-nan\r\n#t\r\n(12345678901234567890\r\n=15\r\ntxt:Some string\r\n"
    b"!21\r\nSYNTAX invalid syntax\r\n",
    "resp3-aggregates": b"%2\r\n+a\r\n:1\r\n+b\r\n~2\r\n:1\r\n:2\r\n|1\r\n+key\r\n+val\r\n*1\r\n>2\r\n+x\r\n+y\r\n"
    b">1\r\n+push\r\n+after\r\n",
    "reply-deep": b"*1\r\n" * 33 + b":1\r\n",
    "reply-bad": b",1e\r\n#x\r\n(\r\n=2\r\nab\r\n_x\r\n:9223372036854775808\r\n",
}


def write(name, data):
    with open(os.path.join(CORPUS, "seed-" + name), "wb") as file:
        file.write(data)


def main():
    os.makedirs(CORPUS, exist_ok=True)
    for old in os.listdir(CORPUS):
        if old.startswith("seed-"):
            os.remove(os.path.join(CORPUS, old))
    for name, requests in COMMANDS.items():
        for index, arguments in enumerate(requests):
            write(f"{name}-{index}", multibulk(*arguments))
            write(f"{name}-{index}-inline", inline(*arguments))
    for name, template in NUMERIC.items():
        requests = [multibulk(*[a.replace("{}", n) for a in template]) for n in NUMBERS]
        # Within scripts/fuzz's -max_len (4096), or libFuzzer would cut the pipeline short.
        part, parts = b"", []
        for request in requests:
            if len(part) + len(request) > 4096:
                parts.append(part)
                part = b""
            part += request
        parts.append(part)
        for index, data in enumerate(parts):
            write(f"number-{name}" + (f"-{index}" if len(parts) > 1 else ""), data)
    write("time-purge-created-before", b"".join(multibulk("ADMIN.PURGE", "CREATED-BEFORE", t) for t in TIMES))
    write("time-purge-not-hit-since", b"".join(inline("ADMIN.PURGE", "NOT-HIT-SINCE", t) for t in TIMES))
    write("size-purge-max-total-size", b"".join(multibulk("ADMIN.PURGE", "MAX-TOTAL-SIZE", s) for s in SIZES))
    for name, data in {**FRAMING, **REPLIES}.items():
        write(name, data)

    words = set()
    for requests in COMMANDS.values():
        for arguments in requests:
            words.update(a for a in arguments if re.fullmatch(r"[A-Z][A-Z0-9.-]+", a))
    with open(DICT, "w") as file:
        file.write("# libFuzzer dictionary for Fuzz/RequestFuzzer.swift, written by Fuzz/make-seeds.py.\n")
        for word in sorted(words):
            file.write(f'"{word}"\n')
        tokens = ["\r\n", "*1\r\n", "*2\r\n", "*3\r\n", "$1\r\n", "$-1\r\n", "\\x", '\\"', "'", "%1\r\n",
                  "~1\r\n", "|1\r\n", ">1\r\n", "=4\r\n", ",", "#t\r\n", "(1\r\n", "_\r\n", DS, ID, SHA, "file:///",
                  "7d", "2026-11-01T00:00:00Z", "MiB"]
        for token in tokens + [n for n in NUMBERS if n and " " not in n]:
            file.write(f'"{entry(token)}"\n')


def entry(token):
    """A dictionary entry's text: printable ASCII as is, `\\` and `\"` escaped, other bytes as \\xNN."""
    out = ""
    for byte in token.encode():
        if byte in (0x5C, 0x22):
            out += "\\" + chr(byte)
        elif 0x20 <= byte < 0x7F:
            out += chr(byte)
        else:
            out += "\\x%02X" % byte
    return out


if __name__ == "__main__":
    main()
