// SPDX-License-Identifier: GPL-2.0-only
///
/// Find long-term pins of user pages (FOLL_LONGTERM), the open-coded
/// file-backed VMA checks next to them, and users of FOLL_ANON.
///
/// Report:
///   "longterm call=L:C flags=EXPR"  a pin_user_pages*() / get_user_pages*()
///        call whose flags argument has FOLL_LONGTERM, directly or through a
///        variable the function sets with it (flags= is that argument)
///   "vm-file-check call=L:C at=L expr=EXPR"  in the function of such a call:
///        vma->vm_file, vma_is_fsdax(vma) or vma_is_anonymous(vma); call= is
///        the longterm call
///   "foll-anon call=L:C"  FOLL_ANON: call= is the gup call whose arguments
///        hold it, else the token itself
/// EXPR is the source text without white space.
///
/// -D wrappers=NAME,...: more functions to treat like the primitives
/// (make coccicheck SPFLAGS=...; not on the Options line, which make
/// coccicheck passes to spatch as it is).
///
// Confidence: High
// Copyright: (C) 2026 workbench developers
// Options: --no-includes --include-headers
// Keywords: pin_user_pages, get_user_pages, FOLL_LONGTERM, FOLL_ANON, vm_file, vma_is_fsdax
// Requires: 1.1.1
//

virtual context
virtual org
virtual report

@initialize:python@
@@
import re
wb_prims = set(['pin_user_pages', 'pin_user_pages_fast',
                'pin_user_pages_remote', 'pin_user_pages_unlocked',
                'pin_user_pages_locked', 'pin_user_pages_fast_only'])
wb_gup = re.compile(r'^(get_user_pages\w*|pin_user_pages\w*|__get_user_pages\w*|get_user_page_vma_remote)$')
wb_wrappers = set()
wb_text_cache = {}

def wb_add(names):
    for n in str(names).split(','):
        n = n.strip()
        if n:
            wb_wrappers.add(n)

def wb_is_prim(n):
    return str(n) in wb_prims or str(n) in wb_wrappers

def wb_args(es):
    out, depth, cur = [], 0, ''
    for ch in str(es):
        if ch in '([{':
            depth += 1
        elif ch in ')]}':
            depth -= 1
        if ch == ',' and depth == 0:
            out.append(cur.strip())
            cur = ''
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out

def wb_flat(e):
    # an expression as one word of a fact line
    return re.sub(r'\s+', '', str(e))

def wb_strip(text):
    # blank out comments, strings and char constants, keeping offsets
    def blank(m):
        return re.sub(r'[^\n]', ' ', m.group(0))
    pat = r'/\*.*?\*/|/[/][^\n]*|Q(\\.|[^Q\\\n])*Q|K(\\.|[^K\\\n])*K'
    pat = pat.replace('Q', chr(34)).replace('K', chr(39))
    return re.sub(pat, blank, text, flags=re.S)

def wb_text(path):
    # (text without comments, strings and preprocessor lines; line offsets;
    # file-scope brace blocks as (offset of {, offset of }))
    if path in wb_text_cache:
        return wb_text_cache[path]
    try:
        with open(path, errors='replace') as f:
            t = wb_strip(f.read())
    except OSError:
        t = ''
    t = re.sub(r'(?m)^[ \t]*#(\\\n|[^\n])*', lambda m: re.sub(r'[^\n]', ' ', m.group(0)), t)
    starts = [0] + [m.end() for m in re.finditer('\n', t)]
    blocks, depth, start = [], 0, 0
    for m in re.finditer(r'[{}]', t):
        if m.group(0) == '{':
            if depth == 0:
                start = m.start()
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                blocks.append((start, m.start()))
    wb_text_cache[path] = (t, starts, blocks)
    return wb_text_cache[path]

def wb_off(path, line, col):
    t, starts, b = wb_text(path)
    line = int(line)
    if line - 1 >= len(starts):
        return len(t)
    return starts[line - 1] + int(col)

def wb_line(path, off):
    t, starts, b = wb_text(path)
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) >> 1
        if starts[mid] <= off:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1

def wb_at(p):
    # offset of a position
    return wb_off(p.file, p.line, p.column)

def wb_body(path, off):
    # (offset of {, offset of }) of the function around offset off
    for b in wb_text(path)[2]:
        if b[0] <= off <= b[1]:
            return b
    return None

def wb_close(t, k):
    # k at an opening bracket: offset of the matching closing one
    o = t[k]
    c = {'(': ')', '[': ']', '{': '}'}[o]
    d = 0
    for j in range(k, len(t)):
        if t[j] == o:
            d += 1
        elif t[j] == c:
            d -= 1
            if d == 0:
                return j
    return len(t) - 1

def wb_open(t, k):
    # offset of the bracket left open before offset k, or -1
    d = 0
    j = k - 1
    while j >= 0:
        ch = t[j]
        if ch in ')]}':
            d += 1
        elif ch in '([{':
            if d == 0:
                return j
            d -= 1
        j -= 1
    return -1

def wb_call_end(t, off):
    # off at the name of a call: offset just after its closing parenthesis
    m = re.compile(r'[A-Za-z_]\w*\s*').match(t, off)
    k = m.end() if m else off
    if k < len(t) and t[k] == '(':
        return wb_close(t, k) + 1
    return k

def wb_stmt(t, off, lo):
    # start of the statement around offset off (not before lo): after the
    # ; { } or the if/while/for head or else that precedes it
    j = off - 1
    while j > lo:
        ch = t[j]
        if ch in ')]':
            o = wb_open(t, j)
            if o < 0:
                return lo + 1
            if ch == ')' and re.search(r'\b(if|while|for|switch)\s*$', t[max(lo, o - 16):o]):
                return j + 1
            j = o - 1
            continue
        if ch in ';{}':
            return j + 1
        if ch == 'e' and re.search(r'\Welse$', t[max(lo, j - 5):j + 1]) and not re.match(r'\w', t[j + 1]):
            return j + 1
        j -= 1
    return lo + 1

def wb_stmt_end(t, off, hi):
    d = 0
    for j in range(off, hi):
        ch = t[j]
        if ch in '([{':
            d += 1
        elif ch in ')]}':
            if d == 0:
                return j
            d -= 1
        elif ch == ';' and d == 0:
            return j
    return hi

def wb_guard(t, off, lo):
    # (condition, offset) of the if that controls the statement at offset
    # off: the statement follows "if (...)" or lies in the block of one
    s = wb_stmt(t, off, lo)
    j = s - 1
    while j > lo and t[j].isspace():
        j -= 1
    if t[j] != ')':
        j = wb_open(t, s)
        if j <= lo or t[j] != '{':
            return (None, -1)
        j -= 1
        while j > lo and t[j].isspace():
            j -= 1
        if t[j] != ')':
            return (None, -1)
    o = wb_open(t, j)
    if o < 0 or not re.search(r'\bif\s*$', t[max(lo, o - 8):o]):
        return (None, -1)
    return (t[o + 1:j], o)

wb_facts = []
# functions a rule adds to turn what its scripts gathered about a file into
# facts; they run, and must forget what they used, before the facts go out
wb_settle = []

def wb_fact(p, msg):
    wb_facts.append((p, msg))

def wb_emit(mode):
    # print the facts gathered so far, sorted and de-duplicated, and forget
    # them: called by the last script rule of every rule file, which spatch
    # runs once per file in the process (a --jobs worker) that matched it
    for f in wb_settle:
        f()
    seen = set()
    def key(f):
        p = f[0][0]
        return (p.file, int(p.line), int(p.column), f[1])
    for f in sorted(wb_facts, key=key):
        if key(f) in seen:
            continue
        seen.add(key(f))
        if mode == 'org':
            coccilib.org.print_todo(f[0][0], f[1])
        else:
            coccilib.report.print_report(f[0][0], f[1])
    del wb_facts[:]

@initialize:python@
wb_names << virtual.wrappers;
@@
wb_add(wb_names)

@initialize:python@
@@
wb_vmchk = re.compile(r'(\w+(\s*(\.|->)\s*\w+)*\s*->\s*vm_file\b|\bvma_is_(fsdax|anonymous)\s*\([^;()]*\))')

def wb_is_gup(n):
    return bool(wb_gup.match(str(n))) or str(n) in wb_prims or str(n) in wb_wrappers

def wb_lt(a):
    # FOLL_LONGTERM set in a, not masked out (~FOLL_LONGTERM)
    return re.search(r'(?<!~)\bFOLL_LONGTERM\b', a) is not None and not re.search(r'~\s*\(?[^)]*FOLL_LONGTERM', a)

def wb_longterm(p, fi, es):
    path = p[0].file
    t = wb_text(path)[0]
    s = wb_at(p[0])
    f = wb_body(path, s)
    lo, hi = f if f else (0, len(t))
    flags = None
    for a in wb_args(es):
        if wb_lt(a):
            flags = a
            break
    if flags is None:
        for a in wb_args(es):
            v = wb_flat(a)
            if not re.match(r'^[A-Za-z_]\w*$', v):
                continue
            pat = r'\b' + v + r'\s*(\|=|=)([^;=][^;]*);'
            if any(wb_lt(m.group(2)) for m in re.finditer(pat, t[lo:s])):
                flags = a
                break
    if flags is None:
        return
    c = '%s:%s' % (p[0].line, p[0].column)
    wb_fact(p, 'longterm call=%s flags=%s' % (c, wb_flat(flags)))
    for m in wb_vmchk.finditer(t, lo, hi):
        wb_fact(p, 'vm-file-check call=%s at=%s expr=%s' % (c, wb_line(path, m.start()), wb_flat(m.group(0))))

def wb_anon(p):
    path = p[0].file
    t = wb_text(path)[0]
    s = wb_at(p[0])
    f = wb_body(path, s)
    lo = f[0] if f else 0
    o = wb_open(t, s)
    while o > lo:
        if t[o] == '(':
            m = re.search(r'([A-Za-z_]\w*)\s*$', t[max(lo, o - 64):o])
            if m and wb_is_gup(m.group(1)):
                k = o - (len(t[max(lo, o - 64):o]) - m.start(1))
                l = wb_line(path, k)
                return '%s:%s' % (l, k - wb_text(path)[1][l - 1])
        o = wb_open(t, o)
    return '%s:%s' % (p[0].line, p[0].column)

@c depends on context || org || report@
identifier fi : script:python() { wb_is_gup(fi) };
expression list ES;
position p;
@@
fi@p(ES)

@script:python depends on report || org@
p << c.p;
fi << c.fi;
es << c.ES;
@@
wb_longterm(p, fi, es)

@a depends on context || org || report@
position p;
@@
FOLL_ANON@p

@script:python depends on report || org@
p << a.p;
@@
wb_fact(p, 'foll-anon call=%s' % wb_anon(p))

@depends on context@
identifier c.fi;
expression list c.ES;
position c.p;
@@

* fi@p(ES)

// The facts of a file are printed by this last rule, which runs once per
// file in the process that looked at it: with --jobs N the finalize blocks
// run in the parent, whose lists are empty. They print what is left only
// when spatch gave up on a file part way (--timeout) in a single process.

@script:python depends on report@
@@
wb_emit('report')

@script:python depends on org@
@@
wb_emit('org')

@finalize:python depends on report@
@@
wb_emit('report')

@finalize:python depends on org@
@@
wb_emit('org')
