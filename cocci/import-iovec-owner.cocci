// SPDX-License-Identifier: GPL-2.0-only
///
/// Tell who frees the iovec array that import_iovec() and friends may
/// allocate (returned through their struct iovec **iovp argument), and
/// whether the iov_iter they set up is stored for later use.
///
/// Report, per call of an allocating primitive (import_iovec,
/// __import_iovec, compat_import_iovec, and -D wrappers=):
///   "owner call=L:C how=frees-returned at=L"   kfree(iov) of the out-parameter
///   "owner call=L:C how=frees-via-iter at=L"   kfree(iter.iov), kfree(iter->__iov),
///                        kfree(iter_iov(&iter)): assumes the iter still
///                        points at the allocation
///   "owner call=L:C how=transferred at=L field=NAME"  the out-parameter is a
///                        struct field (&req->free_iov) or is stored in one
///                        (req->free_iov = iov); field=*NAME when it is the
///                        caller's own struct iovec ** passed on
///   "owner call=L:C how=handed at=L helper=H arg=I"  the array is passed to
///                        H (argument I, from 0) and nothing else here frees
///                        or stores it: the audit reads H (same file) and
///                        adds what H does (transferred, frees-returned, none)
///   "owner call=L:C how=none at=L"             nothing in the function frees
///                        or hands it on; at= is the end of the function
/// and per call of any primitive:
///   "iter-stored call=L:C at=L field=NAME"     the iov_iter is copied into a
///                        struct field after the call (deferred use)
/// Several owner lines may be reported for one call (one per how).
///
/// -D wrappers=NAME,...: more functions to treat like the primitives
/// (make coccicheck SPFLAGS=...; not on the Options line, which make
/// coccicheck passes to spatch as it is).
///
// Confidence: Moderate
// Copyright: (C) 2026 workbench developers
// Options: --no-includes --include-headers
// Keywords: import_iovec, __import_iovec, compat_import_iovec, kfree, free_iov
// Requires: 1.1.1
//

virtual context
virtual org
virtual report

@initialize:python@
@@
import re
wb_prims = set(['import_iovec', '__import_iovec', 'import_single_range',
                'import_ubuf', 'compat_import_iovec'])
# primitives that may allocate the iovec array, and their arguments
wb_alloc = {'import_iovec': (4, 5), '__import_iovec': (4, 5),
            'compat_import_iovec': (4, 5)}
wb_single = {'import_single_range': 4, 'import_ubuf': 3}
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
wb_ref = re.compile(r'^(.*(\.|->)(__)?iov|iter_iov\(.*\))$')

def wb_field(e):
    m = re.search(r'(\.|->)(\w+)$', wb_flat(e))
    return m.group(2) if m else None

def wb_arg_index(fi, args):
    # (iovp index or None, iter index or None)
    fi = str(fi)
    if fi in wb_alloc:
        return wb_alloc[fi]
    if fi in wb_single:
        return (None, wb_single[fi])
    ia = ii = None
    for i, a in enumerate(args):
        f = wb_flat(a)
        if ii is None and 'iter' in f:
            ii = i
        elif ia is None and 'iov' in f and 'iter' not in f and not f.startswith('*'):
            ia = i
    return (ia, ii)

def wb_owner(p, fi, es):
    path = p[0].file
    t = wb_text(path)[0]
    s = wb_at(p[0])
    e = wb_call_end(t, s)
    f = wb_body(path, s)
    lo, hi = f if f else (0, len(t))
    c = '%s:%s' % (p[0].line, p[0].column)
    args = wb_args(es)
    ia, ii = wb_arg_index(fi, args)
    rest = t[e:hi]
    if ii is not None and ii < len(args):
        it = re.escape(wb_flat(args[ii]).lstrip('&'))
        pats = [r'\bmem(cpy|move)\s*\(\s*&?\s*([\w.>\s-]*?)\s*,\s*&?\s*' + it + r'\s*,',
                r'(^|[;{}\s])([\w.>\s-]*?(\.|->)\s*\w+)\s*=\s*\*?\s*' + it + r'\s*;']
        for pat in pats:
            for m in re.finditer(pat, rest):
                fld = wb_field(m.group(2))
                if fld:
                    g = m.group(2)
                    a = e + m.start(2) + len(g) - len(g.lstrip())
                    wb_fact(p, 'iter-stored call=%s at=%s field=%s' % (c, wb_line(path, a), fld))
                    break
    if ia is None or ia >= len(args):
        return
    out = wb_flat(args[ia])
    said = set()
    def say(how, off, fld=None):
        if how in said:
            return
        said.add(how)
        x = ' field=%s' % fld if fld else ''
        wb_fact(p, 'owner call=%s how=%s at=%s%s' % (c, how, wb_line(path, off), x))
    if out.startswith('&'):
        o = out[1:]
        if '->' in o:
            say('transferred', s, wb_field(o))
    else:
        o = '*' + out
        if re.match(r'^[A-Za-z_]\w*$', out):
            say('transferred', s, o)
    for m in re.finditer(r'\b(kfree|kvfree)\s*\(', rest):
        k = e + m.end() - 1
        a = wb_flat(t[k + 1:wb_close(t, k)])
        a = re.sub(r'^\((const)?(struct)?\w*\*\)', '', a)
        if a == o:
            say('frees-returned', e + m.start())
        elif wb_ref.match(a):
            say('frees-via-iter', e + m.start())
    pat = r'(^|[;{}\s])([\w.>\s-]*?(\.|->)\s*\w+)\s*=\s*' + re.escape(o).replace(r'\-', '-') + r'\s*;'
    for m in re.finditer(pat, rest):
        g = m.group(2)
        say('transferred', e + m.start(2) + len(g) - len(g.lstrip()), wb_field(g))
    if not said and re.match(r'^[A-Za-z_]\w*$', o):
        # handed to a helper: the audit reads the helper to tell whether it
        # stores, frees or only reads the array
        for m in re.finditer(r'\b([A-Za-z_]\w*)\s*\(', rest):
            name = m.group(1)
            if name in ('if', 'while', 'for', 'switch', 'return', 'sizeof', 'kfree', 'kvfree') or wb_is_prim(name):
                continue
            k = e + m.end() - 1
            hargs = wb_args(t[k + 1:wb_close(t, k)])
            for i, a in enumerate(hargs):
                if wb_flat(a) == o:
                    wb_fact(p, 'owner call=%s how=handed at=%s helper=%s arg=%d' % (c, wb_line(path, e + m.start()), name, i))
                    said.add('handed')
                    break
            if said:
                break
    if not said:
        say('none', hi)

@c depends on context || org || report@
identifier fi : script:python() { wb_is_prim(fi) };
expression list ES;
position p;
@@
fi@p(ES)

@script:python depends on report || org@
p << c.p;
fi << c.fi;
es << c.ES;
@@
wb_owner(p, fi, es)

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
