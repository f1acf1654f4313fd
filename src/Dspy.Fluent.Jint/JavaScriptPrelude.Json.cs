namespace Dspy.Fluent.Internal;

internal static partial class JavaScriptPrelude
{
    /// <summary>
    /// The <c>JSON.stringify</c> guard. The native serializer builds its whole result in one call, so
    /// <c>JSON.stringify(Array(100).fill(s))</c> over one 4 MB string, or deep indentation, built gigabytes between two
    /// memory checks. The guard hands the serializer a replacer, which it calls for every key and value before writing
    /// them; the replacer adds up an upper bound on what each will add and refuses the call once the total passes the
    /// string limit. The serializer takes one replacer, so the caller's is applied inside it: a function is called as
    /// the serializer would call it, and an array becomes a view showing only the listed keys in their order.
    /// </summary>
    /// <remarks>
    /// Counted per value: a string by its quoted length (beyond 4 K characters, its length plus two when nothing in it
    /// needs escaping, else measured in 64 K slices, so a string full of escapes is counted, not assumed), a number by its text, an object or array by its brackets, line break
    /// and indentation. A boxed number or boolean is written by the serializer without a call back, so an object is
    /// counted as 24 characters (the longest such text) until its first member shows up. A boxed string could be any
    /// length, so the replacer unwraps it itself; it is told apart from other objects by its fixed own <c>length</c>
    /// before the brand check, because that check throws on every other object and exceptions are slow in Jint.
    /// </remarks>
    private const string JsonGuard = """
  var isArray = Array.isArray, getOwnDescriptor = Object.getOwnPropertyDescriptor, create = Object.create;
  var nativeStringify = stringify, OriginalProxy = Proxy, isFiniteNumber = Number.isFinite, slice = StringProto.slice;
  var stringValueOf = StringProto.valueOf, numberValueOf = Number.prototype.valueOf;
  var branded = function (valueOf, v) { try { apply(valueOf, v, []); return true; } catch (e) { return false; } };
  var isStringObject = function (v) {
    var d = getOwnDescriptor(v, 'length');
    return d !== undefined && d.writable === false && d.configurable === false && branded(stringValueOf, v);
  };
  // exec is called as the original on a regex only this closure holds, so code that replaces RegExp methods cannot
  // make a string look free of escapes. A surrogate pair cut at a slice boundary counts as two escapes: an
  // overestimate, never an underestimate.
  var regexpExec = OriginalRegExp.prototype.exec, escaped = /["\\\u0000-\u001f\ud800-\udfff]/;
  var quotedLength = function (s, room) {
    if (s.length + 2 > room) return s.length + 2;
    if (s.length <= 4096) return nativeStringify(s).length;
    if (apply(regexpExec, escaped, [s]) === null) return s.length + 2;
    var n = 2;
    for (var i = 0; i < s.length; i += 65536) n += nativeStringify(apply(slice, s, [i, i + 65536])).length - 2;
    return n;
  };
  var propertyList = function (replacer) {
    var list = [], seen = create(null), count = 0, n = toLength(replacer.length);
    for (var i = 0; i < n; i++) {
      var v = replacer[i], item = undefined;
      if (typeof v === 'string') item = v;
      else if (typeof v === 'number') item = toStr(v);
      else if (typeof v === 'object' && v !== null && (branded(stringValueOf, v) || branded(numberValueOf, v))) item = toStr(v);
      if (item !== undefined && seen[item] !== true) { seen[item] = true; list[count++] = item; }
    }
    return list;
  };
  var listedSlot = create(null);
  listedSlot.value = undefined; listedSlot.writable = true; listedSlot.enumerable = true; listedSlot.configurable = true;
  // What an array replacer shows of an object: the listed keys, in list order, each read from the object once.
  var listed = function (target, keys) {
    var handler = create(null);
    handler.ownKeys = function () { return keys; };
    handler.getOwnPropertyDescriptor = function () { return listedSlot; };
    handler.get = function (t, key) { return target[key]; };
    return new OriginalProxy(create(null), handler);
  };

  var guardedStringify = function stringify(value, replacer, space) {
    var user, keys, gap = '';
    if (typeof replacer === 'function') user = replacer;
    else if (isArray(replacer)) keys = propertyList(replacer);
    if (typeof space === 'object' && space !== null) {
      if (branded(numberValueOf, space)) space = +space;
      else if (branded(stringValueOf, space)) space = toStr(space);
    }
    if (typeof space === 'number') gap = apply(repeat, ' ', [space >= 10 ? 10 : space >= 1 ? floor(space) : 0]);
    else if (typeof space === 'string') gap = apply(slice, space, [0, 10]);

    // holders[0] is the serializer's wrapper object; holders[d] the object or array whose members are being written at
    // depth d. A call whose holder is further up means the deeper ones are finished.
    var holders = create(null), opened = create(null), depth = 0, total = 0, g = gap.length;
    var measure = function (key, v) {
      var holder = this;
      if (depth === 0) { holders[0] = holder; opened[0] = true; depth = 1; }
      else {
        while (depth > 1 && holders[depth - 1] !== holder) depth--;
        if (opened[depth - 1] !== true) { opened[depth - 1] = true; total -= 22; }
        total += 1 + (g ? 1 + g * (depth - 1) : 0);
        if (!isArray(holder)) total += quotedLength(key, maxString - total) + (g ? 2 : 1);
      }
      if (user !== undefined) v = apply(user, holder, [key, v]);
      if (typeof v === 'object' && v !== null && !isArray(v) && isStringObject(v)) v = toStr(v);
      if (typeof v === 'string') total += quotedLength(v, maxString - total);
      else if (typeof v === 'number') total += isFiniteNumber(v) ? toStr(v).length : 4;
      else if (typeof v === 'object' && v !== null) {
        total += 24 + (g ? 1 + g * (depth - 1) : 0);
        if (keys !== undefined && !isArray(v)) v = listed(v, keys);
        holders[depth] = v; opened[depth] = false; depth++;
      }
      else total += 5;
      if (total > maxString) tooLong('JSON.stringify', total, true);
      return v;
    };
    // Inside this function its own name is the guard: the native serializer is called by its other name.
    return nativeStringify(value, measure, gap);
  };
  put(JSON, 'stringify', guardedStringify);
""";
}
