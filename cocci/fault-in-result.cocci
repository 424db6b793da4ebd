// SPDX-License-Identifier: GPL-2.0-only
///
/// Tell how the value returned by a fault-in call is used: tested in a
/// condition, returned, stored and tested later, or ignored.
///
/// Report, one line per call:
///   "result-tested call=L:C how=cond|return|var at=L [test=truth|other]"
///   (test=truth: the condition is the value itself, maybe negated or in
///   likely()/unlikely(): any non-zero result counts as failure, so a
///   best-effort result is used as all-or-nothing)
///   "result-ignored call=L:C how=stmt|var"
///   "result-other call=L:C"   (used in some other expression)
///
// Confidence: High
// Copyright: (C) 2026 workbench developers
// Options: --no-includes --include-headers
// Keywords: fault_in_pages_readable, fault_in_pages_writeable, fault_in_readable, fault_in_writeable, iov_iter_fault_in_readable
// Requires: 1.1.1
//

virtual context
virtual org
virtual report

@initialize:python@
@@
import re
wb_prims = set(['fault_in_pages_readable', 'fault_in_pages_writeable',
                'iov_iter_fault_in_readable', 'fault_in_readable',
                'fault_in_writeable', 'fault_in_safe_writeable',
                'fault_in_iov_iter_readable', 'fault_in_iov_iter_writeable',
                'fault_in_subpage_writeable', 'fault_in_all_readable',
                'fault_in_all_writeable'])
wb_iter = set(['iov_iter_fault_in_readable', 'fault_in_iov_iter_readable',
               'fault_in_iov_iter_writeable'])
wb_wrappers = set()
wb_words = set(['sizeof', 'typeof', '__typeof__', 'likely', 'unlikely',
                'min', 'max', 'min_t', 'max_t', 'struct', 'const',
                'unsigned', 'long', 'int', 'char', 'void', 'NULL'])
wb_readonly = re.compile(r'^(iov_iter_count|iov_iter_is_\w+|iter_is_\w+|iov_iter_rw|iov_iter_type|iov_iter_single_seg_count|iov_iter_alignment|user_backed_iter|might_fault|unlikely|likely)$')
wb_loop_cache = {}

def wb_add(names, it):
    for n in str(names).split(','):
        n = n.strip()
        if n:
            wb_wrappers.add(n)
            if it:
                wb_iter.add(n)

def wb_is_fi(n):
    return n in wb_prims or n in wb_wrappers

def wb_is_iter(n):
    return n in wb_iter or 'iov_iter' in n

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

def wb_vars(*es):
    s = set()
    for e in es:
        for m in re.finditer(r'(->|\.)?\s*\b([A-Za-z_]\w*)\b(\s*\()?', str(e)):
            if m.group(1) or m.group(3) or m.group(2) in wb_words:
                continue
            if re.match(r'^[A-Z][A-Z0-9_]*$', m.group(2)):
                continue
            s.add(m.group(2))
    return s

def wb_mentions(lv, es):
    return bool(wb_vars(lv) & wb_vars(es))

def wb_is_iter_arg(e, es, fi):
    a = wb_args(es)
    return wb_is_iter(str(fi)) and len(a) > 0 and str(e).strip() == a[0]

wb_movers = re.compile(r'^iov_iter_(advance|revert|truncate|reexpand|restore|init)$')

def wb_is_consumer(f):
    f = str(f)
    return not (wb_readonly.match(f) or wb_movers.match(f) or wb_is_fi(f))

def wb_strip(text):
    # blank out comments, strings and char constants, keeping offsets
    def blank(m):
        return re.sub(r'[^\n]', ' ', m.group(0))
    q = chr(34)
    pat = r'/\*.*?\*/|/[/][^\n]*|Q(\\.|[^Q\\\n])*Q|\'(\\.|[^\'\\\n])*\''
    return re.sub(pat.replace('Q', q), blank, text, flags=re.S)

def wb_loops(path):
    if path in wb_loop_cache:
        return wb_loop_cache[path]
    try:
        with open(path, errors='replace') as f:
            t = wb_strip(f.read())
    except OSError:
        t = ''
    starts = [0]
    for m in re.finditer('\n', t):
        starts.append(m.end())
    def lc(off):
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) >> 1
            if starts[mid] <= off:
                lo = mid
            else:
                hi = mid - 1
        return (lo + 1, off - starts[lo])
    def match(off, o, c):
        d = 0
        for k in range(off, len(t)):
            if t[k] == o:
                d += 1
            elif t[k] == c:
                d -= 1
                if d == 0:
                    return k
        return len(t) - 1
    def skipws(k):
        while k < len(t) and t[k].isspace():
            k += 1
        return k
    def body_end(k):
        k = skipws(k)
        if k < len(t) and t[k] == '{':
            return match(k, '{', '}')
        d = 0
        while k < len(t):
            if t[k] in '({[':
                d += 1
            elif t[k] in ')}]':
                d -= 1
            elif t[k] == ';' and d == 0:
                return k
            k += 1
        return len(t) - 1
    loops, dotails = [], set()
    for m in re.finditer(r'\b(do|while|for)\b', t):
        kw, k = m.group(1), m.end()
        if kw == 'do':
            e = body_end(k)
            w = re.compile(r'\s*while\s*\(').match(t, e + 1)
            if not w:
                continue
            ce = match(w.end() - 1, '(', ')')
            dotails.add(t.index('while', w.start()))
            loops.append(('do-while', lc(m.start()), lc(ce), lc(ce)))
            continue
        if m.start() in dotails:
            continue
        k = skipws(k)
        if k >= len(t) or t[k] != '(':
            continue
        ce = match(k, '(', ')')
        cond = t[k + 1:ce]
        e = body_end(ce + 1)
        if kw == 'for':
            kind = 'forever' if re.match(r'^\s*;\s*;\s*$', cond) else 'for'
        else:
            kind = 'forever' if re.match(r'^\s*(1|true)\s*$', cond) else 'while'
        loops.append((kind, lc(m.start()), lc(e), lc(ce)))
    wb_loop_cache[path] = loops
    return loops

def wb_pos(p):
    return (int(p.line), int(p.column))

def wb_loop_of(p):
    # innermost loop containing position p: (kind, start, end, head_end)
    at = wb_pos(p)
    best = None
    for l in wb_loops(p.file):
        if l[1] <= at <= l[2] and (best is None or best[1] <= l[1]):
            best = l
    return best

def wb_after(pm, p):
    # a modification counts when it lies after the call, or in the header
    # of a for loop around the call (its increment runs on the back edge)
    a, b = wb_pos(pm[0]), wb_pos(p[0])
    if a > b:
        return True
    for l in wb_loops(p[0].file):
        if l[0] in ('for', 'forever') and l[1] <= a <= l[3] and l[1] <= b <= l[2]:
            return True
    return False

wb_func_cache = {}

def wb_funcs(path):
    # brace blocks at file scope: ((line, col) of {, (line, col) of },
    # semicolons inside, name before the parameter list, line of the name)
    if path in wb_func_cache:
        return wb_func_cache[path]
    try:
        with open(path, errors='replace') as f:
            t = wb_strip(f.read())
    except OSError:
        t = ''
    t = re.sub(r'(?m)^[ \t]*#(\\\n|[^\n])*', lambda m: re.sub(r'[^\n]', ' ', m.group(0)), t)
    out, depth, line, col, start, semis = [], 0, 1, 0, None, 0
    name, nline, params = None, 0, []
    for k, ch in enumerate(t):
        if ch == '{':
            if depth == 0:
                start, semis = (line, col), 0
                name, nline, params = wb_name_before(t, k)
            depth += 1
        elif ch == '}':
            depth -= 1
            if depth == 0 and start:
                out.append((start, (line, col), semis, name, nline, params))
        elif ch == ';' and depth > 0:
            semis += 1
        if ch == '\n':
            line, col = line + 1, 0
        else:
            col += 1
    wb_func_cache[path] = out
    return out

def wb_name_before(t, k):
    j = k - 1
    while j >= 0 and t[j].isspace():
        j -= 1
    if j < 0 or t[j] != ')':
        return (None, 0, [])
    e = j
    d = 0
    while j >= 0:
        if t[j] == ')':
            d += 1
        elif t[j] == '(':
            d -= 1
            if d == 0:
                break
        j -= 1
    w = max(0, j - 256)
    m = re.search(r'([A-Za-z_]\w*)\s*$', t[w:j])
    if not m:
        return (None, 0, [])
    params = []
    for a in wb_args(t[j + 1:e]):
        n = re.search(r'([A-Za-z_]\w*)\s*(\[[^]]*\]\s*)*$', a)
        if n and n.start(1) > 0:
            params.append((n.group(1), ' '.join(a[:n.start(1)].split())))
    return (m.group(1), t.count('\n', 0, w + m.start(1)) + 1, params)

def wb_func_of(p):
    at = wb_pos(p)
    for f in wb_funcs(p.file):
        if f[0] <= at <= f[1]:
            return f
    return None

def wb_func_after(p):
    # the function whose body follows position p (p in its parameter list)
    at = wb_pos(p)
    for f in wb_funcs(p.file):
        if f[0] > at:
            return f
    return None

def wb_key(p):
    # dictionary key of a position: one spatch run may see several files
    return (p.file, int(p.line), int(p.column))
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
wb_add(wb_names, False)

@initialize:python@
wb_names << virtual.iter_wrappers;
@@
wb_add(wb_names, True)

@c depends on context || org || report@
identifier fi : script:python() { wb_is_fi(fi) };
expression list ES;
position p;
@@
fi@p(ES)

@initialize:python@
@@
wb_use = {}
wb_rank = ['cond', 'return', 'var', 'stmt', 'store']
wb_text_cache = {}

def wb_set(p, how, at, use=None):
    k = wb_key(p[0])
    old = wb_use.get(k)
    if old is None or old[1] is None or wb_rank.index(how) < wb_rank.index(old[1]):
        wb_use[k] = (p, how, at, use)

def wb_text(path):
    # stripped text and line start offsets of a file
    if path not in wb_text_cache:
        try:
            with open(path, errors='replace') as f:
                t = wb_strip(f.read())
        except OSError:
            t = ''
        starts = [0] + [m.end() for m in re.finditer('\n', t)]
        wb_text_cache[path] = (t, starts)
    return wb_text_cache[path]

def wb_offset(path, line, col):
    t, starts = wb_text(path)
    line = int(line)
    if line < 1 or line > len(starts):
        return None
    return starts[line - 1] + int(col)

def wb_close(t, k):
    # offset of the parenthesis closing the one at k
    d = 0
    for j in range(k, len(t)):
        if t[j] == '(':
            d += 1
        elif t[j] == ')':
            d -= 1
            if d == 0:
                return j
    return None

def wb_bare(e):
    # the value a condition tests: without negation, likely() and parentheses
    e = re.sub(r'\s+', '', e)
    while True:
        m = re.match(r'^(!|(un)?likely\(|\()(.*)$', e)
        if not m:
            return e
        if m.group(1) == '!':
            e = m.group(3)
        elif e.endswith(')') and wb_close(e, len(m.group(1)) - 1) == len(e) - 1:
            e = m.group(3)[:-1]
        else:
            return e

def wb_operands(e):
    # the operands of a condition's top-level && and ||, each made bare
    e = wb_bare(e)
    out, d, cur, k = [], 0, '', 0
    while k < len(e):
        ch = e[k]
        if ch in '([':
            d += 1
        elif ch in ')]':
            d -= 1
        if d == 0 and e[k:k + 2] in ('&&', '||'):
            out.append(cur)
            cur = ''
            k += 2
            continue
        cur += ch
        k += 1
    out.append(cur)
    if len(out) == 1:
        return [e]
    return [x for o in out for x in wb_operands(o)]

def wb_cond_of(t, k):
    # the condition of the if/while/do-while whose parentheses hold offset k
    d = 0
    j = k - 1
    while j >= 0:
        if t[j] == ')':
            d += 1
        elif t[j] == '(':
            if d == 0:
                if re.search(r'\b(if|while)\s*$', t[max(0, j - 16):j]):
                    e = wb_close(t, j)
                    return None if e is None else t[j + 1:e]
            else:
                d -= 1
        elif t[j] in ';{}' and d == 0:
            return None
        j -= 1
    return None

def wb_truth(cond, value):
    return cond is not None and re.sub(r'\s+', '', value) in wb_operands(cond)

def wb_test(path, line, col, what, since=None):
    # 'truth' when an if/while condition tests the value for non-zero (maybe
    # negated, in likely(), as an operand of && or ||): the call starting at
    # (line, col), or the variable 'what' assigned by it (its first use
    # after the assignment, a do ... while condition included)
    t, _ = wb_text(path)
    k = wb_offset(path, line, col)
    if k is None or k >= len(t):
        return 'other'
    if what is None:
        m = re.compile(r'[A-Za-z_]\w*\s*\(').match(t, k)
        if not m:
            return 'other'
        e = wb_close(t, m.end() - 1)
        if e is None:
            return 'other'
        return 'truth' if wb_truth(wb_cond_of(t, k), t[k:e + 1]) else 'other'
    b = wb_offset(path, since[0], since[1]) if since else k
    if b is None or ';' not in t[b:]:
        return 'other'
    m = re.compile(r'\b%s\b' % re.escape(what)).search(t, t.index(';', b) + 1)
    if not m:
        return 'other'
    return 'truth' if wb_truth(wb_cond_of(t, m.start()), what) else 'other'

@rc@
identifier c.fi;
expression list c.ES;
position c.p;
statement S1, S2;
@@

(
if (<+... fi@p(ES) ...+>) S1 else S2
|
if (<+... fi@p(ES) ...+>) S1
|
while (<+... fi@p(ES) ...+>) S1
)

@rr@
identifier c.fi;
expression list c.ES;
position c.p, pr;
@@

return <+... fi@p@pr(ES) ...+>;

@rv exists@
identifier c.fi;
expression list c.ES;
position c.p, pu;
identifier v;
type T;
expression E;
statement S1, S2;
@@

(
v = <+... fi@p(ES) ...+>;
|
T v = <+... fi@p(ES) ...+>;
)
... when != v = E
(
if (<+... v@pu ...+>) S1 else S2
|
if (<+... v@pu ...+>) S1
|
while (<+... v@pu ...+>) S1
|
return <+... v@pu ...+>;
)

@rs1@
identifier c.fi;
expression list c.ES;
position c.p, pr;
@@

fi@p@pr(ES);

@rs2@
identifier c.fi;
expression list c.ES;
position c.p;
identifier v;
type T;
@@

(
v = <+... fi@p(ES) ...+>;
|
T v = <+... fi@p(ES) ...+>;
)

@script:python depends on report || org@
p << c.p;
@@
wb_use.setdefault(wb_key(p[0]), (p, None, None, None))

@script:python depends on report || org@
p << c.p;
x << rc.S1;
@@
wb_set(p, 'cond', p[0].line)

@script:python depends on report || org@
p << c.p;
x << rr.pr;
@@
wb_set(p, 'return', p[0].line)

@script:python depends on report || org@
p << c.p;
pu << rv.pu;
v << rv.v;
@@
wb_set(p, 'var', pu[0].line, (pu[0].file, pu[0].line, pu[0].column, str(v)))

@script:python depends on report || org@
p << c.p;
v << rs2.v;
@@
wb_set(p, 'store', None)

@script:python depends on report || org@
p << c.p;
x << rs1.pr;
@@
k = wb_key(p[0])
if wb_use.get(k, (p, None, None, None))[1] is None:
    wb_set(p, 'stmt', None)

@initialize:python@
@@
# how a result is used comes from the rules above, which saw the same file:
# the calls are judged once the file is done, before its facts go out
def wb_use_facts():
    for k in sorted(wb_use):
        (p, how, at, use) = wb_use[k]
        c = '%s:%s' % (p[0].line, p[0].column)
        if how == 'cond':
            test = wb_test(p[0].file, p[0].line, p[0].column, None)
            wb_fact(p, 'result-tested call=%s how=%s at=%s test=%s' % (c, how, at, test))
        elif how == 'var':
            test = wb_test(use[0], use[1], use[2], use[3], (p[0].line, p[0].column))
            wb_fact(p, 'result-tested call=%s how=%s at=%s test=%s' % (c, how, at, test))
        elif how == 'return':
            wb_fact(p, 'result-tested call=%s how=%s at=%s' % (c, how, at))
        elif how == 'store':
            wb_fact(p, 'result-ignored call=%s how=var' % c)
        elif how == 'stmt':
            wb_fact(p, 'result-ignored call=%s how=stmt' % c)
        else:
            wb_fact(p, 'result-other call=%s' % c)
    wb_use.clear()

wb_settle.append(wb_use_facts)

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
