// SPDX-License-Identifier: GPL-2.0-only
///
/// Find code that assumes an iov_iter's own segment pointer (iter.iov,
/// iter->iov, msg.msg_iter.iov, iter_iov(&it), __iov) still points into
/// the on-stack cache (fast_iov, iovstack, inline_vecs) or into the array
/// import_iovec() allocated: pointer arithmetic or comparison between the
/// iterator's pointer and a cache, copies of the array it points to, and
/// re-basing it onto a cache.  The field is matched as iov (up to 6.3) and
/// __iov (6.4 on), and the accessor as iter_iov(); no version switch.  The
/// pointer is the iterator's when the field is __iov or read by
/// iter_iov(), or when the object it belongs to is declared a struct
/// iov_iter in the file or named for one (iter, msg_iter, ...).
/// Reading through it (iter->iov->iov_len, iter.iov[0].iov_base) is not
/// such an assumption and is not reported.
///
/// Report, one line per construct (call= is the construct's own position;
/// func= the function it is in):
///   "iov-identity call=L:C how=subtract at=L func=F expr=E"  iter->iov - fast_iov
///   "iov-identity call=L:C how=compare at=L func=F expr=E"   iter->iov != fast_iov
///   "iov-identity call=L:C how=copy at=L func=F expr=E"      memcpy(c, iter->iov, n)
///   "iov-identity call=L:C how=rebase at=L func=F expr=E"    iter->iov = cache,
///                                     iter->iov += off
///   "iov-identity call=L:C how=reset at=L func=F expr=E"     iter->iov = cache under
///                                     a test that nothing was allocated
/// The same constructs on an iovec pointer that is not an iterator's (the
/// struct iovec ** out-parameter of the import, kmsg->iov) are the
/// canonical import sequence, reported as a separate, quieter fact:
///   "iov-outparam call=L:C how=free-test ..."  kmsg->iov != kmsg->fast_iov
///                                     deciding a kfree()
///   "iov-outparam call=L:C how=set-cache ..."  iomsg->iov = iomsg->fast_iov
///   "iov-outparam call=L:C how=copy-in ..."    copy_from_user(iomsg->iov, ...)
///   "iov-outparam call=L:C how=compare|subtract|advance ..."  the others
/// E is the construct without white space.  A cursor read from the iter
/// (iov = i->iov; ... iov - i->iov) and a value computed by a call are not
/// reported.
///
/// -D scope=PREFIX,... and -D exclude=PREFIX,...: report only the files
/// whose path (from $srctree when it is set, as make coccicheck sets it,
/// else from the directory spatch runs in) starts with a scope prefix and
/// with no exclude prefix: the check's scope and exclude lines (the
/// iov-identity check is scoped to io_uring), e.g. make coccicheck
/// MODE=report COCCI=cocci/iov-identity.cocci
/// SPFLAGS="-D scope=fs/io_uring.c,io_uring/".  Without them every file
/// is looked at, as workbench audit --all does.
///
// Confidence: Moderate
// Copyright: (C) 2026 workbench developers
// Options: --no-includes --include-headers
// Keywords: iov_iter, iov, __iov, iter_iov, fast_iov, free_iov
// Requires: 1.1.1
//

virtual context
virtual org
virtual report

@initialize:python@
@@
import os
import re
wb_prims = set()
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

# -D scope=PREFIX,... and -D exclude=PREFIX,...: the check's scope and
# exclude lines, paths from srctree (make coccicheck exports it) or else
# from the directory spatch runs in; a fact in a file out of scope is not
# reported
wb_scope = []
wb_exclude = []

def wb_prefixes(lst, names):
    for n in str(names).split(','):
        n = n.strip()
        if n:
            lst.append(n)

def wb_in_scope(path):
    rel = os.path.relpath(os.path.abspath(path),
                          os.path.abspath(os.environ.get('srctree') or '.'))
    if rel.startswith('..'):
        rel = path
    if wb_scope and not any(rel.startswith(s) for s in wb_scope):
        return False
    return not any(rel.startswith(x) for x in wb_exclude)

def wb_fact(p, msg):
    if wb_in_scope(p[0].file):
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
wb_names << virtual.scope;
@@
wb_prefixes(wb_scope, wb_names)

@initialize:python@
wb_names << virtual.exclude;
@@
wb_prefixes(wb_exclude, wb_names)

@initialize:python@
@@
wb_iov_re = re.compile(r'^(.*(\.|->)(__)?iov|iter_iov\(.*\))$')

def wb_is_iov(e):
    return bool(wb_iov_re.match(wb_flat(e)))

def wb_cursor(p, b):
    # b is a variable the function set from the iov of an iterator
    b = wb_flat(b)
    if not re.match(r'^[A-Za-z_]\w*$', b):
        return False
    t = wb_text(p.file)[0]
    f = wb_body(p.file, wb_at(p))
    if f is None:
        return False
    pat = r'\b' + b + r'\s*=\s*([\w\s.>-]*?(\.|->)\s*(__)?iov|iter_iov\s*\([^;]*?\))\s*[;,)]'
    return re.search(pat, t[f[0]:f[1]]) is not None

def wb_param(p, b):
    # b is a parameter of the function around p
    b = wb_flat(b)
    if not re.match(r'^[A-Za-z_]\w*$', b):
        return False
    t = wb_text(p.file)[0]
    f = wb_body(p.file, wb_at(p))
    if f is None:
        return False
    j = f[0] - 1
    while j > 0 and t[j].isspace():
        j -= 1
    if t[j] != ')':
        return False
    o = wb_open(t, j)
    return re.search(r'\b' + b + r'\s*(\[[^]]*\]\s*)*[,)]', t[o:j + 1]) is not None

def wb_none_test(c):
    # a condition that holds when nothing was allocated: !x, x == NULL
    c = wb_flat(c)
    for part in re.split(r'&&', c):
        part = part.strip('()')
        if re.match(r'^!\(?[A-Za-z_][\w.>\-]*\)?$', part):
            return True
        if re.match(r'^[A-Za-z_][\w.>\-]*==NULL$', part):
            return True
    return False

def wb_operand_right(t, k):
    # (start, end) of the operand that begins at or after offset k
    while k < len(t) and t[k].isspace():
        k += 1
    s = k
    while k < len(t) and t[k] in '&*':
        k += 1
    if k < len(t) and t[k] == '(':
        k = wb_close(t, k) + 1
    m = re.compile(r'\s*\w+').match(t, k)
    if m:
        k = m.end()
    while True:
        m = re.compile(r'\s*(\.|->)\s*\w+').match(t, k)
        if m:
            k = m.end()
            continue
        m = re.compile(r'\s*[\[(]').match(t, k)
        if m:
            k = wb_close(t, m.end() - 1) + 1
            continue
        return (s, k)

def wb_operand_left(t, k):
    # (start, end) of the operand that ends before offset k
    j = k - 1
    while j >= 0 and t[j].isspace():
        j -= 1
    e = j + 1
    while j >= 0:
        if t[j] in ')]':
            j = wb_open(t, j) - 1
        elif t[j].isalnum() or t[j] == '_':
            while j >= 0 and (t[j].isalnum() or t[j] == '_'):
                j -= 1
        else:
            break
        i = j
        while i >= 0 and t[i].isspace():
            i -= 1
        if i >= 0 and t[i] == '.':
            j = i - 1
        elif i >= 1 and t[i - 1:i + 1] == '->':
            j = i - 2
        elif i >= 0 and t[i] in ')]' and t[j + 1] in '[(':
            j = i
        else:
            break
        while j >= 0 and t[j].isspace():
            j -= 1
    s = j + 1
    while s > 0 and t[s - 1] in '&*' and (s < 2 or t[s - 2] in ' \t\n(,=!'):
        s -= 1
    return (s, e)

wb_cp = re.compile(r'(memcpy|memmove|__memcpy|copy_to_user|copy_from_user)\s*$')
wb_said = set()

def wb_func(path, off):
    # name of the function whose body holds offset off, or '?'
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

def wb_is_iter(path, e, fld):
    # the pointer is the iterator own one: __iov, iter_iov(), or an object
    # declared a struct iov_iter here or named for one
    if fld is None or fld == '__iov':
        return True
    b = wb_flat(e).lstrip('&*(').rstrip(')')
    m = re.search(r'(\w+)$', b)
    if not m:
        return False
    last = m.group(1)
    if 'iter' in last.lower():
        return True
    t = wb_text(path)[0]
    return re.search(r'\bstruct\s+iov_iter\s*\*?\s*(const\s+)?' + last + r'\b', t) is not None

def wb_id(p, path, off, how, e, it=True):
    t = wb_text(path)[0]
    l = wb_line(path, off)
    c = off - wb_text(path)[1][l - 1]
    fact = 'iov-identity' if it else 'iov-outparam'
    msg = '%s call=%s:%s how=%s at=%s func=%s expr=%s' % (fact, l, c, how, l, wb_func(path, off),
                                                        wb_flat(e))
    if msg not in wb_said:
        wb_said.add(msg)
        wb_fact(p, msg)

def wb_frees_after(t, s, lo, ref):
    # the comparison at s is the condition of an if whose statement frees ref
    o = wb_open(t, s)
    if o < 0 or not re.search(r'\bif\s*$', t[max(lo, o - 8):o]):
        return False
    k = wb_close(t, o) + 1
    m = re.compile(r'\s*\{?\s*(kfree|kvfree)\s*\(').match(t, k)
    if not m:
        return False
    q = m.end() - 1
    return wb_flat(t[q + 1:wb_close(t, q)]) == wb_flat(ref)

def wb_ref_end(t, s, e, fld):
    # end offset of the reference whose base expression e starts at s
    if fld is None:
        m = re.compile(r'iter_iov\s*\(').match(t, s)
        return wb_close(t, m.end() - 1) + 1 if m else -1
    f = wb_flat(e)
    k, i = s, 0
    while i < len(f) and k < len(t):
        if t[k].isspace():
            k += 1
        elif t[k] == f[i]:
            k, i = k + 1, i + 1
        else:
            return -1
    if fld is None:
        m = re.compile(r'\s*\(').match(t, k)
        return wb_close(t, m.end() - 1) + 1 if m else -1
    m = re.compile(r'\s*(\.|->)\s*' + fld + r'\b').match(t, k)
    return m.end() if m else -1

def wb_classify(p, e, fld):
    path = p[0].file
    t = wb_text(path)[0]
    s = wb_at(p[0])
    it = wb_is_iter(path, e, fld)
    e = wb_ref_end(t, s, e, fld)
    if e < 0:
        return
    f = wb_body(path, s)
    lo = f[0] if f else 0
    ref = t[s:e]
    after = t[e:e + 4].lstrip()
    if after.startswith('->') or after[:1] in ('[', '.'):
        return
    k = e
    while k < len(t) and t[k].isspace():
        k += 1
    j = s - 1
    while j >= 0 and t[j].isspace():
        j -= 1
    before = t[max(0, j - 1):j + 1]
    def cmp_how():
        if it:
            return 'compare'
        return 'free-test' if wb_frees_after(t, s, lo, ref) else 'compare'
    if re.match(r'-(?![->=])', after):
        o = wb_operand_right(t, k + 1)
        r = t[o[0]:o[1]]
        if not wb_cursor(p[0], r):
            wb_id(p, path, s, 'subtract', ref + '-' + r, it)
    elif after[:2] in ('==', '!='):
        o = wb_operand_right(t, k + 2)
        r = t[o[0]:o[1]]
        if wb_flat(r) not in ('NULL', '0') and not wb_cursor(p[0], r):
            wb_id(p, path, s, cmp_how(), ref + after[:2] + r, it)
    elif after[:2] in ('+=', '-='):
        o = (k + 2, wb_stmt_end(t, k + 2, f[1] if f else len(t)))
        r = t[o[0]:o[1]]
        if not wb_cursor(p[0], r):
            wb_id(p, path, s, 'rebase' if it else 'advance', ref + after[:2] + r, it)
    elif after[:1] == '=' and after[:2] != '==':
        o = (k + 1, wb_stmt_end(t, k + 1, f[1] if f else len(t)))
        r = wb_flat(t[o[0]:o[1]])
        call = re.match(r'^[A-Za-z_]\w*\(', r) is not None
        if not (call or r in ('NULL', '0') or wb_cursor(p[0], r) or wb_param(p[0], r)):
            c = wb_guard(t, s, lo)[0]
            if not it:
                how = 'set-cache'
            else:
                how = 'reset' if c is not None and wb_none_test(c) else 'rebase'
            wb_id(p, path, s, how, ref + '=' + r, it)
    if before in ('==', '!='):
        o = wb_operand_left(t, j - 1)
        l = t[o[0]:o[1]]
        if wb_flat(l) not in ('NULL', '0') and not wb_cursor(p[0], l):
            wb_id(p, path, o[0], cmp_how() if not it else 'compare', l + before + ref, it)
    elif before[-1:] == '-' and before not in ('--', '>-'):
        i = j - 1
        while i >= 0 and t[i].isspace():
            i -= 1
        if i >= 0 and (t[i].isalnum() or t[i] in '_)]'):
            o = wb_operand_left(t, j)
            l = t[o[0]:o[1]]
            if not wb_cursor(p[0], l):
                wb_id(p, path, o[0], 'subtract', l + '-' + ref, it)
    if t[j:j + 1] in ('(', ',') and t[k:k + 1] in (',', ')'):
        o = wb_open(t, s)
        m = wb_cp.search(t, max(0, o - 24), o) if o > 0 else None
        if m:
            # the first argument of a copy is where it writes
            first = wb_flat(t[o + 1:s]) == ''
            how = 'copy' if it else ('copy-in' if first else 'copy')
            wb_id(p, path, m.start(1), how, m.group(1) + t[o:wb_close(t, o) + 1], it)

@ref depends on context || org || report@
expression E;
identifier fld =~ "^(__)?iov$";
position p;
@@
(
E@p.fld
|
E@p->fld
|
iter_iov@p(E)
)

@script:python depends on report || org@
p << ref.p;
e << ref.E;
fld << ref.fld = "";
@@
wb_classify(p, e, str(fld) or None)

@script:python depends on context@
p << ref.p;
e << ref.E;
fld << ref.fld = "";
@@
# context marks only the references that would be reported
n = len(wb_facts)
wb_classify(p, e, str(fld) or None)
if len(wb_facts) == n:
    cocci.include_match(False)
del wb_facts[n:]

@depends on context@
expression ref.E;
identifier ref.fld;
position ref.p;
@@
(
* E@p.fld
|
* E@p->fld
|
* iter_iov@p(E)
)

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
