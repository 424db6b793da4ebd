// SPDX-License-Identifier: GPL-2.0-only
///
/// Find fault-in calls inside a loop that can come back around to the same
/// call without anything in the faulted-in range changing: the loop retries
/// the whole operation after a successful fault-in, so it needs every byte
/// of the range faulted in (all-or-nothing).  Paths through a goto are left
/// to fault-in-retry-goto.cocci.
///
/// Report: "retry-loop call=L:C loop=L back=L kind=K unchanged=yes|maybe",
/// K one of forever (while (1), for (;;)), while, for, do-while; back is the
/// continue that closes the cycle, else the end of the loop.
/// unchanged=maybe: on every such path the range is only handed to a callee
/// (&var, or the iov_iter passed to a function) that may advance it.
///
// Confidence: Moderate
// Copyright: (C) 2026 workbench developers
// Options: --no-includes --include-headers
// Keywords: fault_in_pages_readable, fault_in_pages_writeable, fault_in_readable, fault_in_writeable, iov_iter_fault_in_readable, while, for, do
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

@rl exists@
identifier c.fi;
expression list c.ES;
position c.p;
position pd;
identifier L;
assignment operator aop;
expression X;
expression LV : script:python(ES) { wb_mentions(LV, ES) };
position pm : script:python(p) { wb_after(pm, p) };
identifier ADV =~ "^iov_iter_(advance|revert|truncate|reexpand|restore|init)$";
@@

fi@p(ES)
... when != LV@pm aop X
    when != LV@pm++
    when != LV@pm--
    when != ++LV@pm
    when != --LV@pm
    when != ADV@pm(LV, ...)
    when != goto L;
fi@p@pd(ES)

@rl2 exists@
identifier c.fi;
expression list c.ES;
position c.p;
position pd;
identifier L;
assignment operator aop;
expression X;
expression LV : script:python(ES) { wb_mentions(LV, ES) };
expression IT : script:python(ES, fi) { wb_is_iter_arg(IT, ES, fi) };
identifier F : script:python() { wb_is_consumer(F) };
position pm : script:python(p) { wb_after(pm, p) };
identifier ADV =~ "^iov_iter_(advance|revert|truncate|reexpand|restore|init)$";
@@

fi@p(ES)
... when != LV@pm aop X
    when != LV@pm++
    when != LV@pm--
    when != ++LV@pm
    when != --LV@pm
    when != ADV@pm(LV, ...)
    when != &LV@pm
    when != F@pm(..., IT, ...)
    when != goto L;
fi@p@pd(ES)

@rlc exists@
identifier c.fi;
expression list c.ES;
position c.p;
position pc;
identifier L;
assignment operator aop;
expression X;
expression LV : script:python(ES) { wb_mentions(LV, ES) };
position pm : script:python(p) { wb_after(pm, p) };
identifier ADV =~ "^iov_iter_(advance|revert|truncate|reexpand|restore|init)$";
@@

fi@p(ES)
... when != LV@pm aop X
    when != LV@pm++
    when != LV@pm--
    when != ++LV@pm
    when != --LV@pm
    when != ADV@pm(LV, ...)
    when != goto L;
continue@pc;

@script:python depends on report || org@
p << c.p;
pc << rlc.pc;
@@
if wb_loop_of(pc[0]) == wb_loop_of(p[0]):
    wb_cont = globals().setdefault('wb_cont', {})
    k = wb_key(p[0])
    wb_cont[k] = min(wb_cont.get(k, 1 << 30), int(pc[0].line))

@script:python depends on report || org@
p << c.p;
pd << rl2.pd;
@@
globals().setdefault('wb_sure', set()).add(wb_key(p[0]))

@script:python depends on report || org@
p << c.p;
pd << rl.pd;
@@
globals().setdefault('wb_retry', []).append(p)

@initialize:python@
@@
# back= and unchanged= come from the rules above, which saw the same file:
# the loops are judged once the file is done, before its facts go out
def wb_retry_facts():
    cont = globals().get('wb_cont', {})
    sure = globals().get('wb_sure', set())
    for p in globals().get('wb_retry', []):
        k = wb_key(p[0])
        lp = wb_loop_of(p[0])
        if lp is None:
            kind, start, end = 'unknown', 0, 0
        else:
            kind, start, end = lp[0], lp[1][0], lp[2][0]
        back = cont.get(k, end)
        u = 'yes' if k in sure else 'maybe'
        wb_fact(p, 'retry-loop call=%s:%s loop=%s back=%s kind=%s unchanged=%s' % (p[0].line, p[0].column, start, back, kind, u))
    for k in ('wb_cont', 'wb_sure', 'wb_retry'):
        globals().pop(k, None)

wb_settle.append(wb_retry_facts)

@depends on context@
identifier c.fi;
expression list c.ES;
position c.p;
position rl.pd;
@@

* fi@p@pd(ES)

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
