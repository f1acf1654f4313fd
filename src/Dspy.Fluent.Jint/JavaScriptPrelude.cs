namespace Dspy.Fluent.Internal;

/// <summary>
/// Script run in every sandbox engine before the LM's code. Jint checks its memory limit between statements, so a
/// single built-in call that builds a huge string (<c>'x'.repeat(1e8)</c>, a join or replace over many references to
/// one big string) or compiles a huge regular expression would allocate hundreds of megabytes before the check; the
/// wrappers here refuse such calls up front. It also removes the binary-data globals (typed arrays allocate outside
/// the array-size limit) and the realm and GC-observing ones, and defines <c>print</c> and <c>console</c>.
/// Built-ins that can only grow a string by a fixed factor (percent-encoding ×9, case mapping ×3) are refused when
/// the worst case exceeds the limit.
/// </summary>
/// <remarks>
/// The wrappers keep the originals only in this closure and call them through a captured <c>Reflect.apply</c>, so
/// code that replaces <c>Function.prototype.call</c> or other methods never receives an unguarded original. The host
/// output sink is passed in as a parameter and never becomes a global. The returned object (<c>show</c>, <c>error</c>)
/// stays in the host: the LM's code cannot reach it.
/// </remarks>
internal static class JavaScriptPrelude
{
    public const string Source = """
(function (write, maxString, maxPattern) {
  'use strict';
  var apply = Reflect.apply, construct = Reflect.construct, defineProperty = Object.defineProperty;
  var toStr = String, floor = Math.floor, stringify = JSON.stringify, OriginalError = Error;
  var StringProto = String.prototype, ArrayProto = Array.prototype, OriginalRegExp = RegExp;
  var originalJoin = ArrayProto.join;

  ['ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Atomics', 'TypedArray', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
   'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array',
   'BigInt64Array', 'BigUint64Array', 'WeakRef', 'FinalizationRegistry', 'ShadowRealm'].forEach(function (name) {
    delete globalThis[name];
  });

  var tooLong = function (what, n, upTo) {
    throw new RangeError(what + ' would build a string of ' + (upTo ? 'up to ' : '') + n + ' characters; this sandbox allows at most ' + maxString + '.');
  };
  var put = function (target, name, fn) {
    defineProperty(target, name, { value: fn, writable: true, enumerable: false, configurable: true });
  };
  var toLength = function (v) { var n = +v; return n > 0 ? (n === Infinity ? 9007199254740991 : floor(n)) : 0; };
  var textLength = function (v) { return v === undefined || v === null ? 0 : toStr(v).length; };

  var repeat = StringProto.repeat;
  put(StringProto, 'repeat', function repeat_(count) {
    var n = toStr(this).length * toLength(count);
    if (n > maxString) tooLong('String.prototype.repeat', n);
    return apply(repeat, this, [count]);
  });
  ['padStart', 'padEnd'].forEach(function (name) {
    var original = StringProto[name];
    put(StringProto, name, function (maxLength, fillString) {
      var n = toLength(maxLength);
      if (n > maxString && n > toStr(this).length) tooLong('String.prototype.' + name, n);
      return apply(original, this, [maxLength, fillString]);
    });
  });
  // Built-ins whose result can be a fixed factor longer than their input (percent-encoding, case mapping): refused
  // when the worst case is over the limit, since measuring the exact result would cost as much as building it.
  var expanding = function (target, name, factor, label, self) {
    var original = target[name];
    put(target, name, function (value) {
      var n = toStr(self ? this : value).length * factor;
      if (n > maxString) tooLong(label + name, n, true);
      return apply(original, this, arguments);
    });
  };
  expanding(globalThis, 'encodeURI', 9, '', false);
  expanding(globalThis, 'encodeURIComponent', 9, '', false);
  expanding(globalThis, 'escape', 6, '', false);
  ['toUpperCase', 'toLowerCase', 'toLocaleUpperCase', 'toLocaleLowerCase', 'normalize'].forEach(function (name) {
    expanding(StringProto, name, 3, 'String.prototype.', true);
  });
  var concat = StringProto.concat;
  put(StringProto, 'concat', function concat_() {
    var n = toStr(this).length;
    for (var i = 0; i < arguments.length; i++) { n += toStr(arguments[i]).length; if (n > maxString) tooLong('String.prototype.concat', n); }
    return apply(concat, this, arguments);
  });

  // Arrays being joined, innermost last: a cycle joins as '' (as the built-in does) instead of recursing forever.
  var joining = [], depth = 0;
  var guardJoin = function (what, original) {
    return function (separator) {
      var o = this;
      for (var k = 0; k < depth; k++) if (joining[k] === o) return '';
      var n = toLength(o.length), sep = separator === undefined ? ',' : toStr(separator);
      var total = n > 1 ? (n - 1) * sep.length : 0;
      if (total > maxString) tooLong(what, total);
      joining[depth++] = o;
      try {
        for (var i = 0; i < n; i++) { total += textLength(o[i]); if (total > maxString) tooLong(what, total); }
      } finally { depth--; }
      return apply(original, o, original === originalJoin ? [sep] : []);
    };
  };
  put(ArrayProto, 'join', guardJoin('Array.prototype.join', originalJoin));
  put(ArrayProto, 'toLocaleString', guardJoin('Array.prototype.toLocaleString', ArrayProto.toLocaleString));

  var raw = String.raw;
  put(String, 'raw', function raw_(template) {
    var strings = Object(Object(template).raw), n = toLength(strings.length), total = 0;
    for (var i = 0; i < n; i++) {
      total += textLength(strings[i]) + (i + 1 < n ? textLength(arguments[i + 1]) : 0);
      if (total > maxString) tooLong('String.raw', total);
    }
    return apply(raw, this, arguments);
  });

  // The length GetSubstitution would give a replacement template, without building it. The template is read once
  // into a literal length and counts per reference ($&, $`, $', $n, $<name>); each match then costs one step per
  // distinct reference, so a dry run over the matches finds an oversized result before anything is allocated.
  var measure = function (template) {
    var m = { literal: 0, match: 0, before: 0, after: 0, captures: {}, names: {}, pairs: [] }, i = 0;
    while (i < template.length) {
      var c = template[i], d = template[i + 1];
      if (c !== '$' || d === undefined) { m.literal++; i++; continue; }
      if (d === '$') { m.literal++; i += 2; continue; }
      if (d === '&') { m.match++; i += 2; continue; }
      if (d === '`') { m.before++; i += 2; continue; }
      if (d === "'") { m.after++; i += 2; continue; }
      if (d >= '0' && d <= '9') {
        var e = template[i + 2];
        if (e !== undefined && e >= '0' && e <= '9') { m.pairs[m.pairs.length] = (d.charCodeAt(0) - 48) * 10 + e.charCodeAt(0) - 48; i += 3; continue; }
        var n = d.charCodeAt(0) - 48;
        if (n > 0) { m.captures[n] = (m.captures[n] || 0) + 1; i += 2; continue; }
      }
      if (d === '<') {
        var end = template.indexOf('>', i);
        if (end >= 0) { var name = template.slice(i + 2, end); m.names[name] = (m.names[name] || 0) + 1; i = end + 1; continue; }
      }
      m.literal++; i++;
    }
    return m;
  };
  var substitutionLength = function (m, args) {
    var last = args[args.length - 1], hasGroups = typeof last === 'object' && last !== null;
    var captures = args.length - (hasGroups ? 4 : 3), matched = toStr(args[0]), position = args[captures + 1], str = args[captures + 2];
    var capture = function (n) { return n >= 1 && n <= captures ? textLength(args[n]) : -1; };
    var n = m.literal + m.match * matched.length + m.before * position + m.after * (str.length - position - matched.length);
    for (var k in m.captures) { var len = capture(+k); n += m.captures[k] * (len < 0 ? 2 : len); }
    for (var name in m.names) n += m.names[name] * (hasGroups ? textLength(last[name]) : name.length + 3);
    for (var j = 0; j < m.pairs.length; j++) {
      var two = capture(m.pairs[j]), one = capture(floor(m.pairs[j] / 10));
      n += two >= 0 ? two : one >= 0 ? one + 1 : 3;
    }
    return n;
  };
  ['replace', 'replaceAll'].forEach(function (name) {
    var original = StringProto[name], what = 'String.prototype.' + name;
    put(StringProto, name, function (pattern, replacement) {
      var s = toStr(this), total = s.length;
      if (typeof replacement === 'function') {
        var user = replacement;
        return apply(original, this, [pattern, function () {
          var r = toStr(apply(user, undefined, arguments));
          total += r.length;
          if (total > maxString) tooLong(what, total);
          return r;
        }]);
      }
      var template = toStr(replacement), tokens = 0;
      for (var k = 0; k < template.length; k++) if (template[k] === '$') tokens++;
      if (s.length * (1 + tokens) + (s.length + 1) * template.length > maxString) {
        // Could exceed the limit: measure the real result with a dry run first (restoring a sticky regex's position).
        var m = measure(template), saved = pattern !== null && typeof pattern === 'object' ? pattern.lastIndex : undefined;
        apply(original, s, [pattern, function () {
          total += substitutionLength(m, arguments) - toStr(arguments[0]).length;
          if (total > maxString) tooLong(what, total);
          return '';
        }]);
        if (saved !== undefined) pattern.lastIndex = saved;
      }
      return apply(original, this, [pattern, template]);
    });
  });

  var checkPattern = function (source) {
    if (source.length > maxPattern)
      throw new SyntaxError('a regular expression of ' + source.length + ' characters; this sandbox allows at most ' + maxPattern + '.');
  };
  var RegExpGuard = function RegExp(pattern, flags) {
    if (!(pattern instanceof OriginalRegExp)) checkPattern(pattern === undefined ? '' : toStr(pattern));
    return new.target === undefined
      ? apply(OriginalRegExp, undefined, arguments)
      : construct(OriginalRegExp, arguments, new.target === RegExpGuard ? OriginalRegExp : new.target);
  };
  RegExpGuard.prototype = OriginalRegExp.prototype;
  put(OriginalRegExp.prototype, 'constructor', RegExpGuard);
  put(globalThis, 'RegExp', RegExpGuard);
  ['match', 'matchAll', 'search'].forEach(function (name) {
    var original = StringProto[name];
    put(StringProto, name, function (pattern) {
      if (pattern === undefined || pattern === null || typeof pattern !== 'object') checkPattern(pattern === undefined ? '' : toStr(pattern));
      return apply(original, this, arguments);
    });
  });

  var show = function (v) {
    if (typeof v === 'string') return v;
    if (typeof v === 'object' && v !== null) {
      try { var json = stringify(v); if (json !== undefined) return json; } catch (e) { }
    }
    if (typeof v === 'function') return '[Function]';
    return toStr(v);
  };
  var print = function print_() {
    var parts = [];
    for (var i = 0; i < arguments.length; i++) parts[i] = show(arguments[i]);
    write(apply(originalJoin, parts, [' ']));
  };
  put(globalThis, 'print', print);
  put(globalThis, 'console', { log: print, info: print, warn: print, error: print, debug: print });

  var error = function (e) {
    try {
      if (e instanceof OriginalError) {
        var message = e.message;
        return toStr(e.name) + (message === undefined || message === '' ? '' : ': ' + toStr(message));
      }
      return 'Uncaught ' + show(e);
    } catch (inner) {
      return 'Uncaught exception (its message could not be read)';
    }
  };
  return { show: show, error: error };
})
""";
}
