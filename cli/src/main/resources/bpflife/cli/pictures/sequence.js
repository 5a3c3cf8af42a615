// bpflife sequence diagram: draws the run held in #run-data (see SequenceDiagram.java).
// Only the rows in view are in the DOM, so a 10,000-step run scrolls and zooms smoothly.
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var run = JSON.parse(document.getElementById('run-data').textContent);
  var objects = run.objects, steps = run.steps, details = run.details, sources = run.sources;
  var LEFT = 64, MARGIN_ROWS = 20;
  var state = { colW: 120, rowH: 24, filter: '', kinds: {}, chainOnly: false };
  var kinds = [];
  objects.forEach(function (o) { if (kinds.indexOf(o.kind) < 0) { kinds.push(o.kind); } });
  kinds.forEach(function (k) { state.kinds[k] = true; });

  var scroll = document.getElementById('scroll');
  var head = document.getElementById('heads');
  var body = document.getElementById('rows');
  var info = document.getElementById('info');
  var cols = [], shown = [], colOf = {};

  function el(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) { e.setAttribute(k, attrs[k]); } }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function matches(o) {
    if (!state.filter) { return true; }
    return state.filter.split(',').some(function (f) {
      f = f.trim();
      return f !== '' && objects[o].key.indexOf(f) >= 0;
    });
  }

  // which steps and lifelines the filters leave
  function select() {
    var from = Number(document.getElementById('from').value) || 0;
    var to = Number(document.getElementById('to').value) || Infinity;
    var used = {};
    shown = [];
    steps.forEach(function (s, i) {
      var snd = s[1], rcv = s[2];
      if (s[0] < from || s[0] > to) { return; }
      if (!state.kinds[objects[snd].kind] || !state.kinds[objects[rcv].kind]) { return; }
      if (state.filter && !matches(snd) && !matches(rcv)) { return; }
      if (state.chainOnly && s[6] === 0) { return; }
      shown.push(i);
      used[snd] = true; used[rcv] = true;
    });
    cols = [];
    colOf = {};
    objects.forEach(function (o, i) { if (used[i]) { colOf[i] = cols.length; cols.push(i); } });
    document.body.setAttribute('data-lifelines', String(cols.length));
    document.body.setAttribute('data-steps', String(shown.length));
    document.getElementById('count').textContent = shown.length + ' of ' + steps.length + ' steps, '
        + cols.length + ' of ' + objects.length + ' objects';
  }

  function x(col) { return LEFT + col * state.colW + state.colW / 2; }

  function drawHeads() {
    var w = LEFT + cols.length * state.colW;
    head.setAttribute('width', w);
    head.setAttribute('height', 40);
    head.textContent = '';
    cols.forEach(function (o, c) {
      var obj = objects[o];
      var g = el('g', { 'class': 'lifeline kind-' + obj.kind + (obj.chain ? ' chain' : ''), 'data-object': obj.key });
      g.appendChild(el('rect', { x: x(c) - state.colW / 2 + 3, y: 4, width: state.colW - 6, height: 32, rx: 4 }));
      var t = el('text', { x: x(c), y: 24, 'text-anchor': 'middle' }, short(obj.key, state.colW));
      t.appendChild(el('title', {}, obj.key));
      g.appendChild(t);
      g.addEventListener('click', function () { setFilter(obj.key); });
      head.appendChild(g);
    });
  }

  function short(s, width) {
    var n = Math.max(4, Math.floor((width - 10) / 7));
    return s.length <= n ? s : s.substring(0, n - 1) + '\u2026';
  }

  function drawRows() {
    var w = LEFT + cols.length * state.colW + 200;
    var h = shown.length * state.rowH + 200; // room below the last step, so it can scroll into the middle
    body.setAttribute('width', w);
    body.setAttribute('height', h);
    body.textContent = '';
    var defs = el('defs', {});
    ['plain', 'red'].forEach(function (c) {
      var m = el('marker', { id: 'head-' + c, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7,
        markerHeight: 7, orient: 'auto-start-reverse' });
      m.appendChild(el('path', { d: 'M0,0 L10,5 L0,10 z', 'class': 'head-' + c }));
      defs.appendChild(m);
    });
    body.appendChild(defs);
    // a lifeline runs from the step that made its object (or the top) to the step that freed it (an X)
    var lines = el('g', { 'class': 'lifelines' });
    cols.forEach(function (o, c) {
      var obj = objects[o];
      var top = obj.born > 0 ? rowOf(obj.born) * state.rowH + state.rowH * 0.7 : 0;
      var end = obj.freed > 0 ? rowOf(obj.freed) * state.rowH + state.rowH * 0.7 : h;
      lines.appendChild(el('line', { x1: x(c), y1: top, x2: x(c), y2: end,
        'class': 'life' + (obj.chain ? ' chain' : '') }));
      if (obj.freed > 0 && end < h) {
        lines.appendChild(el('path', { 'class': 'freed', d: 'M' + (x(c) - 6) + ',' + (end + 2) + ' l12,12 m0,-12 l-12,12' }));
      }
    });
    body.appendChild(lines);
    var first = Math.max(0, Math.floor(scroll.scrollTop / state.rowH) - MARGIN_ROWS);
    var last = Math.min(shown.length, Math.ceil((scroll.scrollTop + scroll.clientHeight) / state.rowH) + MARGIN_ROWS);
    var g = el('g', { 'class': 'steps' });
    for (var r = first; r < last; r++) { g.appendChild(row(r)); }
    body.appendChild(g);
    document.body.setAttribute('data-drawn', String(last - first));
  }

  // the row of the first shown step at or after a journal position (binary search over shown)
  function rowOf(pos) {
    var lo = 0, hi = shown.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (steps[shown[mid]][0] < pos) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  function row(r) {
    var i = shown[r], s = steps[i];
    var y = r * state.rowH + state.rowH * 0.7;
    var cls = s[6] === 2 ? 'step violation' : s[6] === 1 ? 'step chain' : 'step';
    var g = el('g', { 'class': cls, 'data-step': String(s[0]) });
    var xs = x(colOf[s[1]]), xr = x(colOf[s[2]]);
    var red = s[6] > 0 ? 'red' : 'plain';
    g.appendChild(el('rect', { 'class': 'band', x: 0, y: r * state.rowH, width: LEFT + cols.length * state.colW,
      height: state.rowH }));
    // the step number stays at the left edge of the view when the diagram scrolls sideways
    g.appendChild(el('text', { 'class': 'pos', x: scroll.scrollLeft + LEFT - 8, y: y + 4, 'text-anchor': 'end' },
      '#' + s[0]));
    if (xs === xr) {
      g.appendChild(el('path', { 'class': 'arrow', d: 'M' + xs + ',' + (y - 6) + ' h24 v10 h-24',
        'marker-end': 'url(#head-' + red + ')' }));
    } else {
      g.appendChild(el('line', { 'class': 'arrow', x1: xs, y1: y, x2: xr, y2: y,
        'marker-end': 'url(#head-' + red + ')' }));
    }
    // the message's name just before the arrow head and the step's changes just below it, both
    // beside the receiver's lifeline: a long arrow's middle may be scrolled out of view
    var self = xs === xr, right = xr > xs;
    var lx = self ? xs + 30 : right ? xr - 10 : xr + 10;
    g.appendChild(el('text', { 'class': 'msg', x: lx, y: y - 4, 'text-anchor': self || !right ? 'start' : 'end' }, s[3]));
    if (s[4]) {
      g.appendChild(el('text', { 'class': 'note', x: xr + (self ? 36 : 6), y: y + 10, 'text-anchor': 'start' }, s[4]));
      g.appendChild(el('circle', { 'class': 'change', cx: xr, cy: y, r: 3 }));
    }
    var tip = details[i] + (s[5] >= 0 ? '\nscenario ' + sources[s[5]] : '');
    g.appendChild(el('title', {}, tip));
    g.addEventListener('mouseenter', function () { info.textContent = tip; });
    return g;
  }

  function redraw() { select(); drawHeads(); drawRows(); }

  function setFilter(v) {
    document.getElementById('filter').value = v;
    state.filter = v;
    redraw();
  }

  function scrollToStep(pos) {
    for (var r = 0; r < shown.length; r++) {
      var s = steps[shown[r]];
      if (s[0] >= pos) {
        scroll.scrollTop = Math.max(0, r * state.rowH - scroll.clientHeight / 3);
        // and sideways to the middle of its arrow: a busy run has more lifelines than fit
        var mid = (x(colOf[s[1]]) + x(colOf[s[2]])) / 2;
        scroll.scrollLeft = Math.max(0, mid - scroll.clientWidth / 2);
        head.parentNode.scrollLeft = scroll.scrollLeft;
        drawRows();
        return;
      }
    }
  }

  function zoom(f) {
    var centre = (scroll.scrollTop + scroll.clientHeight / 2) / state.rowH;
    state.colW = Math.max(40, Math.min(400, state.colW * f));
    state.rowH = Math.max(8, Math.min(60, state.rowH * f));
    document.documentElement.style.setProperty('--font', Math.max(7, Math.min(14, state.rowH / 2)) + 'px');
    drawHeads();
    drawRows();
    scroll.scrollTop = centre * state.rowH - scroll.clientHeight / 2;
  }

  // controls
  var kindBox = document.getElementById('kinds');
  kinds.forEach(function (k) {
    var label = document.createElement('label');
    var cb = document.createElement('input');
    cb.type = 'checkbox';
    cb.checked = true;
    cb.addEventListener('change', function () { state.kinds[k] = cb.checked; redraw(); });
    label.appendChild(cb);
    label.appendChild(document.createTextNode(' ' + k));
    label.className = 'kind-' + k;
    kindBox.appendChild(label);
  });
  document.getElementById('filter').addEventListener('input', function (e) { state.filter = e.target.value; redraw(); });
  document.getElementById('from').addEventListener('change', redraw);
  document.getElementById('to').addEventListener('change', redraw);
  document.getElementById('chain-only').addEventListener('change', function (e) { state.chainOnly = e.target.checked; redraw(); });
  document.getElementById('zoom-in').addEventListener('click', function () { zoom(1.25); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoom(0.8); });
  document.getElementById('goto').addEventListener('change', function (e) { scrollToStep(Number(e.target.value)); });
  var focusButton = document.getElementById('to-focus');
  if (focusButton) { focusButton.addEventListener('click', function () { scrollToStep(run.focus.step); }); }
  scroll.addEventListener('scroll', function () {
    head.parentNode.scrollLeft = scroll.scrollLeft;
    window.requestAnimationFrame(drawRows);
  });
  scroll.addEventListener('wheel', function (e) {
    if (e.ctrlKey) { e.preventDefault(); zoom(e.deltaY < 0 ? 1.1 : 0.9); }
  }, { passive: false });
  window.addEventListener('resize', drawRows);

  // the address can carry the filters, so a view can be linked: run.html#objects=link:setup.1&from=10&to=90&chain
  var focusStep = run.focus ? run.focus.step : null;
  location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
    var i = kv.indexOf('='), k = decodeURIComponent(i < 0 ? kv : kv.substring(0, i));
    var v = i < 0 ? '' : decodeURIComponent(kv.substring(i + 1));
    if (k === 'objects') { document.getElementById('filter').value = v; state.filter = v; }
    if (k === 'from' || k === 'to') { document.getElementById(k).value = v; }
    if (k === 'chain') { document.getElementById('chain-only').checked = true; state.chainOnly = true; }
    if (k === 'step') { focusStep = Number(v); }
  });
  select();
  // as many lifelines as fit, but no narrower than a readable name
  state.colW = Math.max(80, Math.min(140, (scroll.clientWidth - LEFT) / Math.max(1, cols.length)));
  redraw();
  if (focusStep != null) { scrollToStep(focusStep); }
  document.body.setAttribute('data-ready', 'true');
})();
