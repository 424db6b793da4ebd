// SPDX-License-Identifier: GPL-2.0-only
///
/// Tell how the value returned by import_iovec() and friends is used.
/// import_iovec() returns the byte count of the imported vector or a
/// negative errno; a caller that treats it as "0 or error" and one that
/// uses it as a length have different needs when the primitive changes.
///
/// Report, one line per call:
///   "result call=L:C use=ignored at=L"     not used (a statement, or stored
///                                          in a variable never read again)
///   "result call=L:C use=error-only at=L"  only tested: < 0, >= 0, > 0,
///                                          == 0, !v, IS_ERR_VALUE(v), or
///                                          returned under such a test
///   "result call=L:C use=count at=L"       used as a byte count: compared
///                                          with a length, added, stored in
///                                          another variable, or passed on as
///                                          an argument
///   "result call=L:C use=returned at=L func=F"  returned as it is by F: F's
///                                          callers decide (the audit follows
///                                          them)
/// at= is the line of the first use that decided (the call for ignored).
/// A variable is followed from the call to its next assignment, but not
/// into the else part of an if whose then-block holds the call (the call
/// never runs into it); a label before the assignment is not part of it.
/// A return of import_single_range()/import_ubuf() (0 or an errno) is
/// error-only.
///
/// -D wrappers=NAME,...: more functions to treat like the primitives
/// (make coccicheck SPFLAGS=...; not on the Options line, which make
/// coccicheck passes to spatch as it is).
///
// Confidence: Moderate
// Copyright: (C) 2026 workbench developers
// Options: --no-includes --include-headers
// Keywords: import_iovec, __import_iovec, import_single_range, import_ubuf, compat_import_iovec
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
wb_cmp = re.compile(r'(<=|>=|==|!=|<(?!<)|>(?![>]))')
wb_quiet = re.compile(r'(unlikely|likely|IS_ERR_VALUE|WARN_ON|WARN_ON_ONCE)\s*$')

def wb_err_test(c, v):
    c = re.sub(r'\b(unlikely|likely)\(', '(', wb_flat(c))
    v = re.escape(v)
    if re.search(r'(^|[^\w.>])' + v + r'(<0|>=0|<=0|>0|==0|!=0)($|[^\w])', c):
        return True
    if re.search(r'IS_ERR_VALUE\(' + v + r'\)|!\(?' + v + r'($|[^\w])', c):
        return True
    return re.sub(r'[()]', '', c) == v

def wb_is_zero(e):
    return wb_flat(e) in ('0', '0L', '0UL') or wb_flat(e).startswith('-E')

def wb_use(t, s, e, lo, hi, v):
    # how the value occupying t[s:e] is used: (kind, new variable or None)
    k = e
    while k < hi and t[k].isspace():
        k += 1
    j = s - 1
    while j > lo and t[j].isspace():
        j -= 1
    st = wb_stmt(t, s, lo)
    se = wb_stmt_end(t, s, hi)
    if v and re.search(r'\?', t[st:se]) and wb_err_test(re.sub(r'^\s*return\b', '', t[st:se].split('?')[0]), v):
        return ('error', None)
    m = wb_cmp.match(t, k)
    if m:
        a, b = wb_operand_at(t, m.end())
        return ('error' if wb_is_zero(t[a:b]) else 'count', None)
    m = re.search(r'(<=|>=|==|!=|[^<]<|[^>-]>)$', t[max(lo, j - 1):j + 1])
    if m and t[j] != '=' or t[max(lo, j - 1):j + 1] in ('==', '!=', '<=', '>='):
        i = j - len(m.group(1).strip()) if m else j - 2
        q = i
        while q > lo and t[q].isspace():
            q -= 1
        r = re.search(r'[\w]+$', t[max(lo, q - 30):q + 1])
        return ('error' if r and wb_is_zero(r.group(0)) else 'count', None)
    if t[j] == '!':
        return ('error', None)
    if t[j] == '(' and t[k:k + 1] == ')':
        o = j
        pre = t[max(lo, o - 24):o]
        if re.search(r'\b(if|while)\s*$', pre):
            return ('error', None)
        m = wb_quiet.search(pre)
        if m:
            return wb_use(t, o - len(m.group(0).rstrip()) - (len(pre) - len(pre.rstrip())), wb_close(t, o) + 1, lo, hi, v)
    if re.match(r'[-+*/]', t[k:k + 1]) and t[k:k + 2] != '->' or t[j] in '+*/' or t[j - 1:j + 1] in ('+=', '-='):
        return ('count', None)
    if t[j - 1:j + 1] == 'rn' and re.search(r'\breturn$', t[max(lo, j - 6):j + 1]):
        c, o = wb_guard(t, s, lo)
        if v and c is not None and wb_err_test(c, v):
            return ('error', None)
        return ('return', None)
    if t[j] == '=' and t[j - 1] not in '=!<>' and t[k:k + 1] == ';':
        a = wb_stmt(t, j, lo)
        # labels before the statement (again:, case X:) are not part of it
        lhs = re.sub(r'^\s*((case\s+[^:;]+|[A-Za-z_]\w*)\s*:(?!:)\s*)+', '', t[a:j]).strip()
        m = re.match(r'^(.*[^\w])?([A-Za-z_]\w*)(\s*\[[^]]*\])*$', lhs)
        if m and not re.search(r'(\.|->)\s*$', (m.group(1) or '')) and re.match(r'^[A-Za-z_]\w*$', m.group(2)):
            return ('assign', m.group(2))
        return ('count', None)
    if t[j] in '(,' and t[k:k + 1] in ',)':
        return ('count', None)
    if t[j] in ';{})' or re.search(r'\belse$', t[max(lo, j - 5):j + 1]):
        if t[k:k + 1] == ';':
            return ('stmt', None)
    return ('other', None)

def wb_operand_at(t, k):
    while k < len(t) and t[k].isspace():
        k += 1
    m = re.compile(r'-?\s*\w+(\s*(\.|->)\s*\w+|\s*\([^;]*?\))*').match(t, k)
    return (k, m.end() if m else k)

def wb_func(path, off):
    # name of the function whose body holds offset off, or ?
    t = wb_text(path)[0]
    f = wb_body(path, off)
    if f is None:
        return '?'
    j = f[0] - 1
    while j > 0 and t[j].isspace():
        j -= 1
    if t[j] != ')':
        return '?'
    o = wb_open(t, j)
    m = re.search(r'(\w+)\s*$', t[max(0, o - 80):o]) if o > 0 else None
    return m.group(1) if m else '?'

def wb_stmt_span(t, k, hi):
    # end of the statement that starts at or after offset k
    while k < hi and t[k].isspace():
        k += 1
    if k >= hi:
        return hi
    if t[k] == '{':
        return wb_close(t, k) + 1
    m = re.compile(r'(if|while|for|switch)\s*\(').match(t, k)
    if m:
        e = wb_stmt_span(t, wb_close(t, m.end() - 1) + 1, hi)
        n = re.compile(r'\s*else\b').match(t, e)
        if m.group(1) == 'if' and n:
            e = wb_stmt_span(t, n.end(), hi)
        return e
    return wb_stmt_end(t, k, hi) + 1

def wb_unreachable(t, s, lo, hi):
    # the else parts of the ifs whose then-block holds offset s: the call
    # at s never runs into them
    out = []
    o = wb_open(t, s)
    while o > lo:
        if t[o] == '{':
            j = o - 1
            while j > lo and t[j].isspace():
                j -= 1
            if t[j] == ')':
                q = wb_open(t, j)
                if q > lo and re.search(r'\bif\s*$', t[max(lo, q - 8):q]):
                    c = wb_close(t, o) + 1
                    m = re.compile(r'\s*else\b').match(t, c)
                    if m:
                        out.append((m.start(), wb_stmt_span(t, m.end(), hi)))
        o = wb_open(t, o)
    return out

def wb_result(p, fi):
    path = p[0].file
    t = wb_text(path)[0]
    s = wb_at(p[0])
    e = wb_call_end(t, s)
    f = wb_body(path, s)
    lo, hi = f if f else (0, len(t))
    single = str(fi) in wb_single
    kind, var = wb_use(t, s, e, lo, hi, None)
    at = wb_line(path, s)
    if kind == 'stmt':
        return ('ignored', at)
    if kind == 'return':
        return ('error-only' if single else 'returned', at)
    if kind in ('error', 'count'):
        return ('error-only' if kind == 'error' else 'count', at)
    if kind != 'assign':
        return ('count', at)
    first = {}
    dead = wb_unreachable(t, s, lo, hi)
    for m in re.finditer(r'\b' + re.escape(var) + r'\b', t[e:hi]):
        a, b = e + m.start(), e + m.end()
        if re.match(r'\s*(\.|->|\[)', t[b:b + 3]) or t[a - 1] in '.>&':
            continue
        if any(x <= a < y for x, y in dead):
            continue
        if re.match(r'\s*=(?!=)', t[b:b + 3]):
            q = a - 1
            while q > lo and t[q].isspace():
                q -= 1
            if t[q] in ';{})' or re.search(r'\belse$', t[max(lo, q - 5):q + 1]):
                break
        u, w = wb_use(t, a, b, lo, hi, var)
        if u == 'return':
            u = 'error' if single else 'returned'
        if u in ('assign', 'other'):
            u = 'count'
        if u in ('error', 'count', 'returned') and u not in first:
            first[u] = wb_line(path, a)
    if 'count' in first:
        return ('count', first['count'])
    if 'returned' in first:
        return ('returned', first['returned'])
    if 'error' in first:
        return ('error-only', first['error'])
    return ('ignored', at)

@c depends on context || org || report@
identifier fi : script:python() { wb_is_prim(fi) };
expression list ES;
position p;
@@
fi@p(ES)

@script:python depends on report || org@
p << c.p;
fi << c.fi;
@@
use, at = wb_result(p, fi)
if use == 'returned':
    wb_fact(p, 'result call=%s:%s use=%s at=%s func=%s' % (p[0].line, p[0].column, use, at,
                                                         wb_func(p[0].file, wb_at(p[0]))))
else:
    wb_fact(p, 'result call=%s:%s use=%s at=%s' % (p[0].line, p[0].column, use, at))

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
