// SPDX-License-Identifier: GPL-2.0-only
///
/// Find functions that forward their own parameters to a fault-in primitive
/// (or to a known wrapper, see -D wrappers=) and return its result: they are
/// wrappers, and their callers are the ones to classify.
///
/// Report: "forwards-params call=L:C func=L name=NAME args=params|fields|derived
/// result=direct|expr|var|cond stmts=N".  args=fields: an argument reads a
/// member of a parameter (p->ubuf); args=derived: an argument is computed
/// from a parameter through a local variable.  N counts the semicolons in
/// the body, declarations included; bodies with more than 3 are not
/// wrappers and give no fact (-D wrapper_max_statements=N to change it).
/// result: return fi(...),
/// return <expression using fi(...)>, v = fi(...); ... return v, or
/// if (fi(...)) return ...  Function-like macros are not looked at.
///
// Confidence: Moderate
// Copyright: (C) 2026 workbench developers
// Options: --no-includes --include-headers
// Keywords: fault_in_pages_readable, fault_in_pages_writeable, fault_in_readable, fault_in_writeable, iov_iter_fault_in_readable, wrapper
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
wb_assigns = {}
wb_result = {}
wb_order = ['direct', 'expr', 'var', 'cond']
wb_max_stmts = 3


def wb_res(p, how):
    k = wb_key(p[0])
    old = wb_result.get(k)
    if old is None or wb_order.index(how) < wb_order.index(old[1]):
        wb_result[k] = (p, how)

def wb_derived(f):
    ps = set(x[0] for x in f[5])
    known = set(ps)
    changed = True
    while changed:
        changed = False
        for (v, e) in wb_assigns.get(f[0], []):
            if v not in known and wb_vars(e) & known:
                known.add(v)
                changed = True
    return ps, known

@initialize:python@
wb_n << virtual.wrapper_max_statements;
@@
wb_max_stmts = int(str(wb_n))

@fa@
identifier v;
expression E;
position pv;
@@

v@pv = E

@script:python@
v << fa.v;
e << fa.E;
pv << fa.pv;
@@
wb_assigns.setdefault((wb_func_of(pv[0]) or [None])[0], []).append((str(v), str(e)))

@fd@
identifier v;
expression E;
type T;
position pv;
@@

T v@pv = E;

@script:python@
v << fd.v;
e << fd.E;
pv << fd.pv;
@@
wb_assigns.setdefault((wb_func_of(pv[0]) or [None])[0], []).append((str(v), str(e)))

@fr1@
identifier c.fi;
expression list c.ES;
position c.p, pr;
@@

return@pr fi@p(ES);

@fr2@
identifier c.fi;
expression list c.ES;
position c.p, pr;
@@

return@pr <+... fi@p(ES) ...+>;

@fr3 exists@
identifier c.fi;
expression list c.ES;
position c.p, pr;
identifier v;
type T;
@@

(
 v = fi@p(ES);
|
 T v = fi@p(ES);
)
 ... when != v = ...
 return@pr v;

@fr4@
identifier c.fi;
expression list c.ES;
position c.p, pr;
expression R;
@@

 if (<+... fi@p(ES) ...+>)
\(return@pr R;\|{ return@pr R; }\)

@script:python depends on report || org@
p << c.p;
pr << fr1.pr;
@@
wb_res(p, 'direct')

@script:python depends on report || org@
p << c.p;
pr << fr2.pr;
@@
wb_res(p, 'expr')

@script:python depends on report || org@
p << c.p;
pr << fr3.pr;
@@
wb_res(p, 'var')

@script:python depends on report || org@
p << c.p;
pr << fr4.pr;
@@
wb_res(p, 'cond')

@initialize:python@
@@
# the call results come from the rules above, which saw the same file: the
# wrappers are judged once the file is done, before its facts go out
def wb_forward_facts():
    for k in sorted(wb_result):
        (p, how) = wb_result[k]
        fx = wb_func_of(p[0])
        if fx is None or fx[3] is None or fx[2] > wb_max_stmts:
            continue
        f, n = fx[3], fx[2]
        ps, known = wb_derived(fx)
        es = globals().get('wb_args_of', {}).get(k)
        args = wb_args(es) if es is not None else []
        if not args:
            continue
        if all(wb_vars(a) & ps for a in args):
            kind = 'params'
            if any(re.search(r'\b(%s)\s*(->|\.)' % '|'.join(ps), a) for a in args):
                kind = 'fields'
        elif all(wb_vars(a) & known for a in args):
            kind = 'derived'
        else:
            continue
        wb_fact(p, 'forwards-params call=%s:%s func=%s name=%s args=%s result=%s stmts=%d' % (p[0].line, p[0].column, fx[4], f, kind, how, n))
    wb_result.clear()
    wb_assigns.clear()
    globals().pop('wb_args_of', None)

wb_settle.append(wb_forward_facts)

@script:python depends on report || org@
p << c.p;
es << c.ES;
@@
globals().setdefault('wb_args_of', {})[wb_key(p[0])] = str(es)

@depends on context@
identifier c.fi;
expression list c.ES;
position c.p;
@@

* return fi@p(ES);

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
