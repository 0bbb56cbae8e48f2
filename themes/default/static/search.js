// ladder search: queries the index the build writes under search/ (format and ranking
// are documented in src/search/mod.rs; Index::search in src/search/query.rs is the
// same algorithm in Rust). Index files are scripts loaded with <script> elements, so
// search works from file:// as well as from any host. Results are built as DOM nodes
// with textContent: nothing from the index is ever parsed as HTML.
(function () {
  "use strict";

  // ---- Words -------------------------------------------------------------------------

  // The page carries its words, in its language, as JSON (#ladder-strings): a text, or
  // plural forms chosen with Intl.PluralRules. {name} is replaced by vars[name]. Pages
  // without it (a site's own base.html from before) fall back to English: ENGLISH is
  // en.toml's `js_` keys as JSON (a unit test holds the two together).
  var WORDS = (function () {
    try {
      return JSON.parse(document.getElementById("ladder-strings").textContent) || {};
    } catch (e) {
      return {};
    }
  })();
  // ENGLISH begins
  var ENGLISH = {
    "js_all_results_filter": "All results, filter by topic or kind",
    "js_clear_filters": "Clear filters",
    "js_facet_kind": "Kind",
    "js_facet_topic": "Topic",
    "js_facet_topic_hint": "(any ticked)",
    "js_filter_kind_article": "Articles",
    "js_filter_kind_page": "Other pages",
    "js_filter_kind_path": "Paths",
    "js_filter_kind_tip": "Tips",
    "js_filter_results": { "one": "result", "other": "results" },
    "js_filters_empty": "Nothing here with these filters; clear some to see more.",
    "js_help_all": "Or browse {all}.",
    "js_help_all_brief": "Or {all}.",
    "js_help_all_link": "all topics",
    "js_help_all_link_brief": "browse all topics",
    "js_help_topic": "The closest topic is {topic}; or browse {all}.",
    "js_help_topic_brief": "Try the topic {topic}, or {all}.",
    "js_kind_article": "Article",
    "js_kind_page": "Page",
    "js_kind_path": "Path",
    "js_kind_tip": "Tip",
    "js_list_comma": "{a}, {b}",
    "js_narrow_kind_article": "articles",
    "js_narrow_kind_page": "other pages",
    "js_narrow_kind_path": "paths",
    "js_narrow_kind_tip": "tips",
    "js_narrow_kinds": "{kinds}",
    "js_narrow_kinds_topics": "{kinds}, in {topics}",
    "js_narrow_topics": "in {topics}",
    "js_no_results": "No results for \u201c{query}\u201d",
    "js_keep_typing": "Keep typing to search for \u201c{query}\u201d",
    "js_or": "{a} or {b}",
    "js_results": { "one": "{n} result for \u201c{query}\u201d", "other": "{n} results for \u201c{query}\u201d" },
    "js_results_best": "Best matches for \u201c{query}\u201d",
    "js_results_narrowed": "{results}: {filter}",
    "js_section": "Section: {section}",
    "js_status_suggest": "{results}. Did you mean {query}?",
    "js_suggest": "Did you mean {queries}?",
    "js_suggest_count": { "one": "({n} result)", "other": "({n} results)" },
    "js_topics": "Topics"
  };
  // ENGLISH ends

  // The pieces of `key`'s text, in order: the text between the names, and vars[name]
  // for each {name} (a string, or a DOM node that the caller appends as it is). Values
  // are put in one pass, so a value is never read for names of its own.
  function pieces(key, vars) {
    vars = vars || {};
    var entry = key in WORDS ? WORDS[key] : ENGLISH[key];
    if (entry === undefined) return [key];
    if (typeof entry === "object") {
      var form = "other";
      try {
        form = new Intl.PluralRules(document.documentElement.lang || "en").select(vars.n);
      } catch (e) {}
      entry = entry[form] !== undefined ? entry[form] : entry.other;
    }
    var out = [];
    var at = 0;
    var text = String(entry);
    text.replace(/\{(\w+)\}/g, function (all, name, offset) {
      if (!(name in vars)) return all;
      out.push(text.slice(at, offset));
      out.push(typeof vars[name] === "object" ? vars[name] : String(vars[name]));
      at = offset + all.length;
      return all;
    });
    out.push(text.slice(at));
    return out.filter(function (p) { return p !== ""; });
  }

  // The text of `key` with its values.
  function tr(key, vars) {
    return pieces(key, vars).join("");
  }

  // The text of `key` as a fragment of the document: values that are nodes (links) go
  // in where the language's sentence puts them.
  function trNodes(key, vars) {
    var frag = document.createDocumentFragment();
    pieces(key, vars).forEach(function (p) {
      frag.appendChild(typeof p === "string" ? document.createTextNode(p) : p);
    });
    return frag;
  }

  // ---- Loading index files -------------------------------------------------------

  var pending = self.ladderSearch && self.ladderSearch.length ? self.ladderSearch : [];
  var files = {}; // name → data
  var waiters = {}; // name → [callback]
  var requested = {}; // name → true
  var loadedNames = []; // for the benchmark and tests
  var rootPrefix = null;
  var version = "";

  function receive(item) {
    var name = item[0];
    files[name] = item[1];
    (waiters[name] || []).forEach(function (f) {
      f(item[1]);
    });
    delete waiters[name];
  }
  self.ladderSearch = { push: receive };
  pending.forEach(receive);

  function load(name) {
    if (Object.prototype.hasOwnProperty.call(files, name)) return Promise.resolve(files[name]);
    return new Promise(function (resolve) {
      (waiters[name] = waiters[name] || []).push(resolve);
      if (requested[name]) return;
      requested[name] = true;
      loadedNames.push(name);
      var s = document.createElement("script");
      s.src = rootPrefix + "search/" + name + ".js" + (version ? "?v=" + version : "");
      s.async = true;
      s.onerror = function () {
        receive([name, null]);
      };
      document.head.appendChild(s);
    });
  }

  function loadAll(names) {
    var unique = Array.from(new Set(names));
    return Promise.all(unique.map(load));
  }

  // ---- Words (mirrors src/search/text.rs) ------------------------------------------

  var segmenter =
    typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("en", { granularity: "word" }) : null;
  var WORD = /[\p{L}\p{N}_]+(?:['\u2019.][\p{L}\p{N}_]+)*/gu;

  // Words of `text` with their positions: [[word, start, end]].
  function segments(text) {
    var out = [];
    if (segmenter) {
      for (var s of segmenter.segment(text)) {
        if (s.isWordLike) out.push([s.segment, s.index, s.index + s.segment.length]);
      }
    } else {
      var m;
      WORD.lastIndex = 0;
      while ((m = WORD.exec(text))) out.push([m[0], m.index, m.index + m[0].length]);
    }
    return out;
  }

  // The word rules of the index's language, from its manifest (English until it loads).
  var rules = { elisions: new Set(), possessive: true };

  function fold(word) {
    var s = word.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").replace(/[\u2018\u2019]/g, "'");
    var apostrophe = s.indexOf("'");
    if (apostrophe >= 0 && rules.elisions.has(s.slice(0, apostrophe))) s = s.slice(apostrophe + 1);
    if (rules.possessive && s.endsWith("'s")) s = s.slice(0, -2);
    return s.replace(/['.]/g, "").replace(/^_+|_+$/g, "");
  }

  function chars(s) {
    return Array.from(s);
  }

  // `word` without the first of `endings` it has, when three characters at least are
  // left (mirrors Language::same_word in src/search/language.rs).
  function withoutEnding(word, endings) {
    for (var i = 0; i < endings.length; i++) {
      var e = endings[i];
      if (word.endsWith(e) && chars(word).length - chars(e).length >= 3) return word.slice(0, -e.length);
    }
    return word;
  }

  // Whether two folded words are forms of one word by the index language's endings.
  function sameWord(a, b, endings) {
    if (endings.length === 0) return false;
    var x = withoutEnding(a, endings);
    var y = withoutEnding(b, endings);
    return x === y || x === b || a === y;
  }

  // A query's parts, in order: {word}, {phrase: [words]} or {exclude} (mirrors
  // src/search/syntax.rs). Quotes open and close phrases; "-word" after whitespace or at
  // the start leaves the word out. As the search box reads a text being typed (`typed`),
  // an unclosed phrase's last word with nothing after it is left out until a space
  // follows it or the phrase is closed: a phrase asks for whole words, and each prefix
  // would load another phrase shard.
  var QUOTES = /["\u201C\u201D\u201E\u00AB\u00BB]/;
  var QUOTES_ALL = new RegExp(QUOTES.source, "g");
  function parse(text, typed) {
    var parts = [];
    var pieces = text.split(QUOTES);
    pieces.forEach(function (piece, n) {
      var words = [];
      segments(piece).forEach(function (s) {
        var w = fold(s[0]);
        if (w && chars(w).length <= 32) words.push([s[1], w, s[2]]);
      });
      if (n % 2 === 1) {
        var typing = typed && n + 1 === pieces.length && words.length > 0 && words[words.length - 1][2] === piece.length;
        if (typing) words.pop();
        if (words.length) parts.push({ phrase: words.map(function (w) { return w[1]; }) });
        return;
      }
      words.forEach(function (w) {
        var at = w[0];
        var excluded = at > 0 && piece[at - 1] === "-" && (at === 1 || /\s/.test(piece[at - 2]));
        parts.push(excluded ? { exclude: w[1] } : { word: w[1] });
      });
    });
    return parts;
  }

  // Whether the search box searches for `text` (mirrors search::box_searches): once it
  // has `min` characters, quotes aside, and something besides a phrase's first word
  // being typed.
  function boxSearches(text, min) {
    text = text.trim();
    if (chars(text.replace(QUOTES_ALL, "")).length < min) return false;
    var pieces = text.split(QUOTES);
    var open = pieces.length % 2 === 0;
    var before = pieces.slice(0, -1).some(function (p) { return /[\p{L}\p{N}]/u.test(p); });
    return !(open && !before && !/\s/.test(pieces[pieces.length - 1].trim()));
  }

  // FNV-1a of a phrase key's UTF-8 bytes, and the hash of an ordered pair of keys
  // (mirrors src/search/phrases.rs).
  var encoder = new TextEncoder();
  function wordHash(key) {
    var h = 0x811c9dc5;
    encoder.encode(key).forEach(function (b) {
      h = Math.imul(h ^ b, 0x01000193);
    });
    return h >>> 0;
  }
  function pairHash(a, b) {
    var x = (Math.imul(a, 0x9e3779b1) + b) >>> 0;
    x ^= x >>> 16;
    x = Math.imul(x, 0x85ebca6b);
    x ^= x >>> 13;
    x = Math.imul(x, 0xc2b2ae35);
    x ^= x >>> 16;
    return x >>> 0;
  }

  // Whether two words (arrays of characters) are at most one edit apart.
  function withinOne(a, b) {
    var la = a.length,
      lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    var n = Math.min(la, lb);
    while (i < n && a[i] === b[i]) i++;
    if (i === n) return true;
    var same = function (x, xi, y, yi) {
      if (x.length - xi !== y.length - yi) return false;
      for (; xi < x.length; xi++, yi++) if (x[xi] !== y[yi]) return false;
      return true;
    };
    if (la === lb) {
      return same(a, i + 1, b, i + 1) || (i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && same(a, i + 2, b, i + 2));
    }
    return la < lb ? same(a, i, b, i + 1) : same(a, i + 1, b, i);
  }

  // ---- The engine (mirrors Index::search in src/search/query.rs) -------------------

  // Shard keys from the manifest's string (mirrors front_decoded in
  // src/search/query.rs): each key after a space, as the number of characters it
  // shares with the key before (one digit) and the rest of it.
  function frontDecoded(text) {
    var keys = [];
    text.split(" ").forEach(function (part) {
      var c = chars(part);
      var shared = parseInt(c[0], 10) || 0;
      var prev = keys.length ? chars(keys[keys.length - 1]) : [];
      keys.push(prev.slice(0, shared).join("") + c.slice(1).join(""));
    });
    return keys;
  }

  function Engine(manifest) {
    this.m = manifest;
    this.p = manifest.params;
    var keyMap = function (keys) {
      return new Map(keys.map(function (k, i) { return [k, i]; }));
    };
    this.wordShardKeys = frontDecoded(manifest.wordShards);
    this.wordKeys = keyMap(this.wordShardKeys);
    this.stems = new Map(); // stem → {df, h: head shard, t: postings shard or null}, from word shards
    this.synonyms = new Map(); // word → its synonyms' stems, from word shards
    this.typoKeys = keyMap(frontDecoded(manifest.typoShards));
    this.stop = new Set(manifest.stop);
    this.phraseBits = manifest.phraseBits || 0;
    rules = { elisions: new Set(manifest.elisions || []), possessive: manifest.possessive !== false };
    this.endings = manifest.endings || [];
    this.parsed = {}; // word shard name → {words: Map(surface → [[stems], df]), list: [surface]}
    this.decoded = new Map(); // postings ("t3\0stem") and phrase shard ("p3") → numbers
  }

  Engine.prototype.longest = function (map, key) {
    var c = chars(key);
    for (var len = Math.min(c.length, this.p.maxKey); len >= 0; len--) {
      var k = c.slice(0, len).join("");
      if (map.has(k)) return map.get(k);
    }
    return null;
  };

  // File names of the word, postings and typo shards holding `key`.
  Engine.prototype.wordName = function (key) {
    var n = this.longest(this.wordKeys, key);
    return n === null ? null : "w" + n;
  };

  // The file holding `stem`'s postings: its head (`head`, or a short list's whole) or a
  // long list in full (mirrors Index::file_of).
  Engine.prototype.fileOf = function (stem, head) {
    var at = this.stems.get(stem);
    if (!at) return null;
    return !head && at.t !== null ? "t" + at.t : "h" + at.h;
  };

  Engine.prototype.typoName = function (key) {
    var n = this.longest(this.typoKeys, key);
    return n === null ? null : "x" + n;
  };

  // The numbers of a string of digits (mirrors src/search/digits.rs): a number's last
  // digit is a character from "#" on, worth 0 to 56; the digits before it, from "]" on,
  // are its quotient by 57 in base 34.
  function digits(text) {
    var out = [];
    var n = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0x5d) n = n * 34 + (c - 0x5d);
      else {
        out.push(n * 57 + (c - 0x23));
        n = 0;
      }
    }
    return out;
  }

  // A stem's flat postings from their string (mirrors read_postings in
  // src/search/digits.rs): for each document Δdoc, impact·8 + min(n, 7) (then n − 7
  // when n ≥ 7), and for each of its n sections section impact·8 + min(gap, 7) (then
  // gap − 7 when gap ≥ 7), gap being the sections skipped since the document's last
  // one; unpacked to Δdoc, impact, n, then n pairs section, section impact.
  function unpackPostings(text) {
    var packed = digits(text);
    var out = [];
    var i = 0;
    var unpack = function () {
      var v = packed[i++];
      var small = v % 8;
      if (small === 7) small += packed[i++];
      return [Math.floor(v / 8), small];
    };
    while (i < packed.length) {
      var delta = packed[i++];
      var head = unpack();
      out.push(delta, head[0], head[1]);
      var next = 0;
      for (var k = 0; k < head[1]; k++) {
        var sec = unpack();
        out.push(next + sec[1], sec[0]);
        next += sec[1] + 1;
      }
    }
    return out;
  }

  // A stem's flat postings (its file loaded), its head or in full, decoded once; null
  // when it has none.
  Engine.prototype.postings = function (stem, head) {
    var name = this.fileOf(stem, head);
    var s = name && files[name];
    if (!s || !Object.prototype.hasOwnProperty.call(s, stem)) return null;
    var key = name + "\u0000" + stem;
    if (!this.decoded.has(key)) this.decoded.set(key, unpackPostings(s[stem]));
    return this.decoded.get(key);
  };

  // A loaded phrase shard's flat list, decoded once.
  Engine.prototype.phraseList = function (n) {
    var name = "p" + n;
    if (!files[name]) return [];
    if (!this.decoded.has(name)) this.decoded.set(name, digits(files[name]));
    return this.decoded.get(name);
  };

  // A loaded word shard, parsed.
  Engine.prototype.wordShard = function (name) {
    if (!name) return null;
    if (this.parsed[name]) return this.parsed[name];
    var data = files[name];
    if (!data) return null;
    var self = this;
    var max = this.p.maxKey;
    // The header: the keys of the head and postings shards of this shard's stems.
    var headerKeys = function (runs) {
      var keys = new Map();
      for (var i = 0; i + 1 < runs.length; i += 2) {
        frontDecoded(runs[i + 1]).forEach(function (k, j) { keys.set(k, runs[i] + j); });
      }
      return keys;
    };
    var heads = headerKeys(data[0] || []);
    var fulls = headerKeys(data[1] || []);
    var at = function (keys, stem) {
      var c = chars(stem);
      for (var len = Math.min(c.length, max); len >= 0; len--) {
        var k = c.slice(0, len).join("");
        if (keys.has(k)) return keys.get(k);
      }
      return null;
    };
    var words = new Map();
    var list = [];
    data.slice(2).forEach(function (w) {
      // [word, df] (the word is its stem), [word, df, stem] or [word, [df…], stem…],
      // then the synonyms' [[stem, df]…] when the word has any.
      var own = w.slice(2).filter(function (x) { return typeof x === "string"; });
      var stems = own.length > 0 || Array.isArray(w[1]) ? own : [w[0]];
      var dfs = Array.isArray(w[1]) ? w[1] : [w[1]];
      var place = function (stem, df) {
        var h = at(heads, stem);
        self.stems.set(stem, { df: df, h: h === null ? -1 : h, t: df > self.p.headDocs ? at(fulls, stem) : null });
      };
      stems.forEach(function (stem, i) { place(stem, dfs[i] || 0); });
      var tail = w.length > 2 ? w[w.length - 1] : null;
      if (Array.isArray(tail)) {
        tail.forEach(function (pair) { place(pair[0], pair[1]); });
        self.synonyms.set(w[0], tail.map(function (pair) { return pair[0]; }));
      }
      words.set(w[0], [stems, dfs.length > 0 ? Math.max.apply(null, dfs) : 0]);
      list.push(w[0]);
    });
    return (this.parsed[name] = { words: words, list: list });
  };

  // A folded surface word's [[stems], df], from shards already loaded.
  Engine.prototype.word = function (w) {
    var s = this.wordShard(this.wordName(w));
    return s ? s.words.get(w) || null : null;
  };

  Engine.prototype.variants = function (v) {
    var name = this.typoName(v);
    var data = name && files[name];
    if (!data) return [];
    if (!this.parsed[name]) {
      var map = new Map();
      data.forEach(function (x) {
        map.set(x[0], x.slice(1));
      });
      this.parsed[name] = map;
    }
    return this.parsed[name].get(v) || [];
  };

  // Numbers of the word shards that may hold words starting with `p`, or null if too many.
  Engine.prototype.prefixShards = function (p) {
    var found = new Set();
    var base = this.longest(this.wordKeys, p);
    if (base !== null) found.add(base);
    this.wordShardKeys.forEach(function (k, i) {
      if (k.startsWith(p)) found.add(i);
    });
    if (found.size > this.p.prefixWordShards) return null;
    return Array.from(found).sort(function (a, b) { return a - b; });
  };

  function deletions(w) {
    var c = chars(w);
    var out = new Set();
    for (var j = 0; j < c.length; j++) out.add(c.slice(0, j).concat(c.slice(j + 1)).join(""));
    return Array.from(out);
  }

  // Candidate stems of each word that scores: [{stems: Map(stem → factor), word, prefix}].
  // The words that score are the plain words and the words of one-word phrases that are
  // not stop words, each once, in the order written (a longer phrase scores by its
  // pairs); only plain words complete or forgive a typo, and only the last word
  // completes, when the query ends with it.
  // In the search box (`box`), the exact word's stems and completions read heads.
  Engine.prototype.candidates = async function (parts, box) {
    var self = this,
      p = this.p;
    var words = []; // [word, plain]
    parts.forEach(function (part) {
      var list = part.word !== undefined ? [part.word] : part.phrase && part.phrase.length === 1 ? part.phrase : [];
      var plain = part.word !== undefined;
      list.forEach(function (w) {
        if ((plain || !self.stop.has(w)) && !words.some(function (x) { return x[0] === w; })) words.push([w, plain]);
      });
    });
    var endsWithWord = parts.length > 0 && parts[parts.length - 1].word !== undefined;
    // Everything the exact and prefix look-ups need, loaded at once.
    var needed = [];
    var prefixes = [];
    words.forEach(function (x, i) {
      var w = x[0];
      var last = x[1] && endsWithWord && i + 1 === words.length;
      if (self.stop.has(w) && !last) return;
      needed.push(self.wordName(w));
      var len = chars(w).length;
      if (last && len >= p.prefixMin) {
        var shards = self.prefixShards(w);
        prefixes[i] = shards;
        if (shards) shards.forEach(function (n) { needed.push("w" + n); });
      }
    });
    parts.forEach(function (part) {
      (part.phrase || [part.exclude]).forEach(function (w) {
        if (w !== undefined && !self.stop.has(w)) needed.push(self.wordName(w));
      });
    });
    await loadAll(needed.filter(Boolean));

    var terms = [];
    for (var i = 0; i < words.length; i++) {
      var w = words[i][0];
      var plain = words[i][1];
      var last = plain && endsWithWord && i + 1 === words.length;
      var stop = self.stop.has(w);
      if (stop && !last) continue;
      var cands = new Map();
      var full = new Set(); // stems read in full; the others, heads
      var raise = function (stem, f, head) {
        cands.set(stem, Math.max(cands.get(stem) || 0, f));
        if (!head) full.add(stem);
      };
      if (!stop) {
        var exact = self.word(w);
        if (exact) exact[0].forEach(function (stem) { raise(stem, p.exact, !!box); });
        // A plain word finds its synonyms' pages as its own.
        if (plain) (self.synonyms.get(w) || []).forEach(function (stem) { raise(stem, p.exact, !!box); });
      }
      var len = chars(w).length;
      var prefixUsed = false;
      if (last && len >= p.prefixMin && prefixes[i]) {
        prefixUsed = true;
        var completions = new Set();
        prefixes[i].forEach(function (n) {
          var s = self.wordShard("w" + n);
          if (!s) return;
          s.list.forEach(function (word) {
            if (word !== w && word.startsWith(w)) {
              s.words.get(word)[0].forEach(function (stem) { completions.add(stem); });
            }
          });
        });
        self.choose(completions, p.prefix, !!box, raise);
      }
      if (cands.size === 0 && plain && !stop && len >= p.fuzzyMin) {
        var found = await self.typos(w);
        await loadAll(found.map(function (x) { return self.wordName(x); }).filter(Boolean));
        found.forEach(function (x) {
          var e = self.word(x);
          // A form of the word typed counts as the word itself.
          var factor = sameWord(w, x, self.endings) ? p.exact : p.typo;
          if (e) e[0].forEach(function (stem) { raise(stem, factor, false); });
          // A form of a word of the site's synonyms has them too.
          if (factor === p.exact) (self.synonyms.get(x) || []).forEach(function (stem) { raise(stem, factor, false); });
        });
      }
      if (cands.size === 0 && plain && !stop && len >= p.typoWordMin) {
        await self.sharedStart(w, raise);
      }
      if (cands.size > 0) terms.push({ stems: cands, full: full, word: w, prefix: last && prefixUsed });
    }
    return terms;
  };

  // Raises the stems of `found` (a Set) to `factor`, read as heads when `head`: the
  // most frequent first, at most maxExpansions, from at most prefixShards files of
  // postings, which the most frequent choose.
  Engine.prototype.choose = function (found, factor, head, raise) {
    var self = this,
      p = this.p;
    var list = [];
    found.forEach(function (stem) {
      var at = self.stems.get(stem);
      if (at) list.push([stem, at.df]);
    });
    list.sort(function (a, b) {
      return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    });
    var chosen = new Set();
    var taken = 0;
    for (var k = 0; k < list.length && taken < p.maxExpansions; k++) {
      var file = this.fileOf(list[k][0], head);
      if (file === null) continue;
      if (chosen.has(file) || chosen.size < p.prefixShards) {
        chosen.add(file);
        taken++;
        raise(list[k][0], factor, head);
      }
    }
  };

  // For a word the site never uses, the stems of the site's words sharing the longest
  // start with it (all but its last SHARED_SLACK characters at least, never fewer than
  // SHARED_MIN), at the typo factor: the browser has no stemmer, and a word's other forms
  // mostly differ in their ending.
  var SHARED_SLACK = 3;
  var SHARED_MIN = 4;
  Engine.prototype.sharedStart = async function (w, raise) {
    var self = this;
    var c = chars(w);
    var least = Math.max(c.length - SHARED_SLACK, SHARED_MIN);
    if (least >= c.length) return;
    var start = c.slice(0, least).join("");
    var shards = this.prefixShards(start);
    if (!shards) return;
    await loadAll(shards.map(function (n) { return "w" + n; }));
    var words = []; // [shared characters, word, stem]
    shards.forEach(function (n) {
      var s = self.wordShard("w" + n);
      if (!s) return;
      s.list.forEach(function (word) {
        if (!word.startsWith(start)) return;
        var wc = chars(word);
        var shared = 0;
        while (shared < wc.length && shared < c.length && wc[shared] === c[shared]) shared++;
        var e = s.words.get(word);
        e[0].forEach(function (stem) { words.push([shared, word, stem]); });
      });
    });
    var most = words.reduce(function (m, x) { return Math.max(m, x[0]); }, 0);
    // The words that are forms of `w` count as it does; the others as a typo.
    var forms = new Set();
    var others = new Set();
    words.forEach(function (x) {
      if (x[0] < most) return;
      if (sameWord(w, x[1], self.endings)) {
        forms.add(x[2]);
        (self.synonyms.get(x[1]) || []).forEach(function (stem) { forms.add(stem); });
      }
      else others.add(x[2]);
    });
    forms.forEach(function (stem) { others.delete(stem); });
    this.choose(forms, this.p.exact, false, raise);
    this.choose(others, this.p.typo, false, raise);
  };

  // A word's phrase keys: a stop word's folded self, any other word's stems.
  Engine.prototype.phraseKeys = function (w) {
    if (this.stop.has(w)) return [w];
    var e = this.word(w);
    return e ? e[0] : [];
  };

  // The documents of a stem's postings, its head when `head` (its shard loaded).
  Engine.prototype.docsOf = function (stem, head) {
    var out = new Set();
    var list = this.postings(stem, !!head);
    if (!list) return out;
    var doc = 0;
    for (var i = 0; i + 2 < list.length; i += 3 + 2 * list[i + 2]) {
      doc += list[i];
      out.add(doc);
    }
    return out;
  };

  // The documents of pair `hash` in a phrase shard's flat list, each [doc, strength].
  function pairDocs(list, hash) {
    var h = 0;
    for (var i = 0; i + 1 < list.length; ) {
      h += list[i];
      var n = list[i + 1];
      if (h === hash) {
        var out = [];
        var doc = 0;
        for (var k = 0; k < n && i + 3 + 2 * k < list.length; k++) {
          doc += list[i + 2 + 2 * k];
          out.push([doc, list[i + 3 + 2 * k]]);
        }
        return out;
      }
      if (h > hash) break;
      i += 2 + 2 * n;
    }
    return [];
  }

  // Documents every phrase holds, each with the phrases' strengths in it (a Map, null
  // when no phrase asks anything), how many phrases of two words or more there are, the
  // stems of their words (for highlighting), and documents with a left-out word (mirrors
  // the start of Index::search). In the search box (`box`) a one-word phrase reads its
  // word's head, as the box reads a word; its strength is 0, as its word scores.
  Engine.prototype.filters = async function (parts, box) {
    var self = this;
    var bits = this.phraseBits;
    var shardOf = function (hash) {
      return bits === 0 ? 0 : hash >>> (32 - bits);
    };
    // Every postings and phrase shard needed, loaded at once.
    var names = [];
    var stemsOf = function (w) {
      var e = self.word(w);
      return e ? e[0] : [];
    };
    var pairsOf = function (words) {
      var keys = words.map(function (w) {
        return self.phraseKeys(w).map(wordHash);
      });
      var pairs = [];
      for (var i = 0; i + 1 < keys.length; i++) {
        var hashes = [];
        keys[i].forEach(function (a) {
          keys[i + 1].forEach(function (b) { hashes.push(pairHash(a, b)); });
        });
        pairs.push(hashes);
      }
      return pairs;
    };
    parts.forEach(function (part) {
      if (part.phrase && part.phrase.length === 1 && !self.stop.has(part.phrase[0])) {
        stemsOf(part.phrase[0]).forEach(function (stem) { names.push(self.fileOf(stem, !!box)); });
      } else if (part.phrase) {
        pairsOf(part.phrase).forEach(function (hashes) {
          hashes.forEach(function (h) { names.push("p" + shardOf(h)); });
        });
      } else if (part.exclude !== undefined && !self.stop.has(part.exclude)) {
        stemsOf(part.exclude).forEach(function (stem) { names.push(self.fileOf(stem, false)); });
      }
    });
    await loadAll(names.filter(Boolean));
    var required = null;
    var phrases = 0;
    var shown = [];
    var excluded = new Set();
    // The documents of `a` also in `b`, each with its strengths in both added.
    var both = function (a, b) {
      var out = new Map();
      a.forEach(function (s, d) {
        if (b.has(d)) out.set(d, s + b.get(d));
      });
      return out;
    };
    var narrow = function (docs) {
      required = required === null ? docs : both(required, docs);
    };
    parts.forEach(function (part) {
      if (part.phrase && part.phrase.length === 1) {
        if (self.stop.has(part.phrase[0])) return;
        var docs = new Map();
        stemsOf(part.phrase[0]).forEach(function (stem) {
          self.docsOf(stem, box).forEach(function (d) { docs.set(d, 0); });
        });
        narrow(docs);
      } else if (part.phrase) {
        var found = null;
        phrases += 1;
        part.phrase.forEach(function (w) {
          if (!self.stop.has(w)) shown = shown.concat(stemsOf(w));
        });
        pairsOf(part.phrase).forEach(function (hashes) {
          // A word of several stems makes several pairs: a page's strongest counts.
          var docs = new Map();
          hashes.forEach(function (h) {
            pairDocs(self.phraseList(shardOf(h)), h).forEach(function (e) {
              docs.set(e[0], Math.max(docs.get(e[0]) || 0, e[1]));
            });
          });
          found = found === null ? docs : both(found, docs);
        });
        narrow(found || new Map());
      } else if (part.exclude !== undefined && !self.stop.has(part.exclude)) {
        stemsOf(part.exclude).forEach(function (stem) {
          self.docsOf(stem).forEach(function (d) { excluded.add(d); });
        });
      }
    });
    return { required: required, phrases: phrases, shown: shown, excluded: excluded };
  };

  // Words of five characters or more one edit away from `w`.
  Engine.prototype.typos = async function (w) {
    var self = this;
    var dels = deletions(w);
    var names = [this.typoName(w)];
    dels.forEach(function (d) {
      names.push(self.typoName(d), self.wordName(d));
    });
    await loadAll(names.filter(Boolean));
    var c = chars(w);
    var out = new Set(this.variants(w));
    dels.forEach(function (d) {
      if (chars(d).length >= self.p.typoWordMin && self.word(d)) out.add(d);
      self.variants(d).forEach(function (word) {
        if (withinOne(c, chars(word))) out.add(word);
      });
    });
    out.delete(w);
    return Array.from(out);
  };

  // Runs a query: {hits: [{doc, matched, score, section}], terms, partial}; `partial`
  // when a head stood in for a longer list, so that more pages match than were read.
  // As the search box
  // does when `box` (words read heads), else as the results page.
  Engine.prototype.search = async function (text, box) {
    var self = this;
    var parts = parse(text, !!box);
    var terms = await this.candidates(parts, box);
    var filters = await this.filters(parts, box);
    var partial = terms.some(function (t) {
      return Array.from(t.stems.keys()).some(function (stem) {
        var at = self.stems.get(stem);
        return !t.full.has(stem) && !!at && at.t !== null;
      });
    });
    // A phrase no page holds: nothing to rank, no postings to load.
    if (filters.required !== null && filters.required.size === 0) return { hits: [], terms: terms, partial: partial };
    var names = [];
    terms.forEach(function (t) {
      t.stems.forEach(function (_, stem) {
        names.push(self.fileOf(stem, !t.full.has(stem)));
      });
    });
    await loadAll(names.filter(Boolean));
    var acc = new Map(); // doc → {m, s, secs: Map}
    var entry = function (d) {
      var e = acc.get(d);
      if (!e) acc.set(d, (e = { m: 0, s: 0, secs: new Map() }));
      return e;
    };
    terms.forEach(function (t) {
      var best = new Map();
      var bestSec = new Map(); // doc → Map(sec → score)
      t.stems.forEach(function (factor, stem) {
        var list = self.postings(stem, !t.full.has(stem));
        if (!list) return;
        var doc = 0;
        for (var i = 0; i + 2 < list.length; ) {
          doc += list[i];
          var imp = list[i + 1] * factor;
          var n = list[i + 2];
          if (!best.has(doc) || best.get(doc) < imp) best.set(doc, imp);
          for (var k = 0; k < n; k++) {
            var sec = list[i + 3 + 2 * k];
            var simp = list[i + 4 + 2 * k] * factor;
            var m = bestSec.get(doc);
            if (!m) bestSec.set(doc, (m = new Map()));
            if (!m.has(sec) || m.get(sec) < simp) m.set(sec, simp);
          }
          i += 3 + 2 * n;
        }
      });
      best.forEach(function (s, d) {
        var e = entry(d);
        e.m += 1;
        e.s += s;
      });
      bestSec.forEach(function (m, d) {
        var e = entry(d);
        m.forEach(function (s, sec) {
          e.secs.set(sec, (e.secs.get(sec) || 0) + s);
        });
      });
    });
    // With phrases, the documents are those that hold them all, matching a word or not;
    // each longer phrase matches as a word does, at its strength.
    if (filters.required !== null) {
      Array.from(acc.keys()).forEach(function (d) {
        if (!filters.required.has(d)) acc.delete(d);
      });
      filters.required.forEach(function (strength, d) {
        var e = entry(d);
        e.m += filters.phrases;
        e.s += strength * self.p.pair * self.p.exact;
      });
    }
    filters.excluded.forEach(function (d) { acc.delete(d); });
    var hits = [];
    acc.forEach(function (e, d) {
      var pick = null;
      Array.from(e.secs.keys())
        .sort(function (a, b) { return a - b; })
        .forEach(function (sec) {
          var s = e.secs.get(sec);
          if (pick === null || s > pick[1]) pick = [sec, s];
        });
      var section = pick && pick[0] > 0 && pick[1] > e.s ? pick[0] : null;
      var score = Math.max(e.s, pick ? pick[1] : 0);
      hits.push({ doc: d, matched: e.m, score: score, section: section });
    });
    hits.sort(function (a, b) {
      return b.score - a.score || b.matched - a.matched || a.doc - b.doc;
    });
    // The words of longer phrases score by their pairs, yet are highlighted as words.
    var shown = filters.shown.length ? [{ stems: new Map(filters.shown.map(function (stem) { return [stem, 0]; })), word: "", prefix: false }] : [];
    return { hits: hits, terms: terms.concat(shown), partial: partial };
  };

  // Document shards hold `docsPerShard` consecutive documents each.
  Engine.prototype.docShard = function (doc) {
    return Math.floor(doc / (this.m.docsPerShard || 1));
  };

  // The documents of `hits`, loaded: [{url, title, kind, topics, summary, sections}].
  // A page with several sections keeps their texts in its shard's text file (its row
  // ends with 1), loaded only `withTexts`; otherwise those texts are empty.
  Engine.prototype.docs = async function (hits, withTexts) {
    var self = this;
    var per = self.m.docsPerShard || 1;
    var row = function (h) {
      var i = self.docShard(h.doc);
      return (files["d" + i] || [])[h.doc - i * per] || null;
    };
    await loadAll(hits.map(function (h) { return "d" + self.docShard(h.doc); }));
    if (withTexts) {
      await loadAll(
        hits
          .filter(function (h) { var d = row(h); return d && d[6] === 1; })
          .map(function (h) { return "s" + self.docShard(h.doc); }),
      );
    }
    return hits.map(function (h) {
      var d = row(h);
      if (!d) return null;
      var i = self.docShard(h.doc);
      var texts = d[6] === 1 ? (files["s" + i] || [])[h.doc - i * per] || null : null;
      var sections = d[5].map(function (s, n) {
        return texts ? [s[0], s[1], texts[n] || ""] : s;
      });
      return {
        url: d[0],
        title: d[1],
        kind: self.m.kinds[d[2]] || "",
        topics: d[3].map(function (t) { return self.m.topics[t]; }).filter(Boolean),
        summary: summaryOf(d[4], sections.length ? sections[0][2] : ""),
        sections: sections,
      };
    });
  };

  // A row's summary (mirrors summary_from in src/search/files.rs): a number n is the
  // start of the first text, n UTF-16 units long, or when negative -n - 1 units and "…".
  function summaryOf(value, text) {
    if (typeof value !== "number") return value;
    return value < 0 ? text.slice(0, -value - 1) + "\u2026" : text.slice(0, value);
  }

  // Surface words to highlight: every loaded form of each matched stem, and the prefix.
  Engine.prototype.highlighter = function (terms) {
    var stems = new Set();
    var prefixes = [];
    terms.forEach(function (t) {
      t.stems.forEach(function (_, stem) {
        stems.add(stem);
      });
      if (t.prefix) prefixes.push(t.word);
    });
    var forms = new Set();
    Object.keys(this.parsed).forEach(function (name) {
      var s = this.parsed[name];
      if (name.charAt(0) !== "w") return;
      s.words.forEach(function (e, word) {
        if (e[0].some(function (stem) { return stems.has(stem); })) forms.add(word);
      });
    }, this);
    return function (folded) {
      if (forms.has(folded)) return true;
      return prefixes.some(function (p) { return folded.startsWith(p); });
    };
  };

  // ---- Filters and suggestions (mirrors src/search/facets.rs) ----------------------

  // Each document's class number and the classes [kind, topic…], from f.js: the results
  // page loads it for every query, filtered or not; the header box never does.
  Engine.prototype.facetTable = async function () {
    if (this.facetData) return this.facetData;
    var data = await load("f");
    if (!data) throw new Error("search facets not found");
    var codes = data[1];
    var n = this.m.docs;
    var width = n ? Math.max(1, Math.round(codes.length / n)) : 1;
    var of = new Array(n);
    for (var d = 0; d < n; d++) {
      var v = 0;
      for (var k = 0; k < width; k++) {
        var c = codes.charCodeAt(d * width + k);
        v = v * FACET_BASE + (c - 35 - (c > 92 ? 1 : 0));
      }
      of[d] = v;
    }
    return (this.facetData = { classes: data[0], of: of });
  };
  var FACET_BASE = 91;

  // `hits` narrowed by `filter` ({kinds: [names], topics: [slugs]}, each empty for any;
  // names the index does not know are ignored), with the count of results for each kind
  // (following the topic filter) and each topic (following the kind filter): within a
  // group the choices are alternatives, between groups both must hold.
  Engine.prototype.narrow = async function (hits, filter) {
    var t = await this.facetTable();
    var m = this.m;
    var numbers = function (names, table) {
      var set = new Set();
      (names || []).forEach(function (name) {
        var i = table.indexOf(name);
        if (i >= 0) set.add(i);
      });
      return set.size ? set : null;
    };
    var kinds = numbers(filter.kinds, m.kinds);
    var topics = numbers(filter.topics, m.topics.map(function (x) { return x[0]; }));
    var kindCounts = m.kinds.map(function () { return 0; });
    var topicCounts = m.topics.map(function () { return 0; });
    var kept = hits.filter(function (h) {
      var c = t.classes[t.of[h.doc]];
      if (!c) return false;
      var kindOk = !kinds || kinds.has(c[0]);
      var topicOk = !topics || c.slice(1).some(function (x) { return topics.has(x); });
      if (topicOk && c[0] < kindCounts.length) kindCounts[c[0]]++;
      if (kindOk) c.slice(1).forEach(function (x) { if (x < topicCounts.length) topicCounts[x]++; });
      return kindOk && topicOk;
    });
    return { hits: kept, kinds: kindCounts, topics: topicCounts };
  };

  // Edits between a and b (arrays of characters): insertions, deletions, substitutions
  // and swaps of neighbours, counting no further than `max` + 1.
  function edits(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], row;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      row = [i];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        row.push(v);
      }
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  // Site words close to `w` (one edit, or two edits that the typo shards reveal),
  // closest first, then most frequent: [[word, df]].
  Engine.prototype.closeWords = async function (w) {
    var self = this;
    var c = chars(w);
    var dels = deletions(w);
    var names = [this.typoName(w), this.wordName(w)];
    dels.forEach(function (d) { names.push(self.typoName(d), self.wordName(d)); });
    await loadAll(names.filter(Boolean));
    var found = new Set(this.variants(w));
    dels.forEach(function (d) {
      if (chars(d).length >= 2 && self.word(d)) found.add(d);
      self.variants(d).forEach(function (word) { found.add(word); });
    });
    found.delete(w);
    var list = [];
    var shards = Array.from(found).map(function (x) { return self.wordName(x); });
    await loadAll(shards.filter(Boolean));
    found.forEach(function (x) {
      var e = self.word(x);
      var d = edits(c, chars(x), 2);
      if (e && d <= 2) list.push([x, e[1], d]);
    });
    list.sort(function (a, b) { return a[2] - b[2] || b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
    return list;
  };

  // Help for a query that finds nothing: up to three other queries made of the site's
  // own words that do find something ([[query, results]]), and the closest topic.
  Engine.prototype.suggest = async function (text) {
    var self = this;
    var parts = parse(text);
    var words = [];
    parts.forEach(function (part) {
      (part.word !== undefined ? [part.word] : part.phrase || []).forEach(function (w) {
        if (!self.stop.has(w) && words.indexOf(w) < 0) words.push(w);
      });
    });
    await loadAll(words.map(function (w) { return self.wordName(w); }).filter(Boolean));
    var options = [];
    for (var i = 0; i < words.length; i++) {
      var known = this.word(words[i]);
      options.push(known ? [[words[i]]] : (await this.closeWords(words[i])).slice(0, 3));
    }
    var tries = [];
    if (words.length && options.every(function (o) { return o.length; })) {
      for (var k = 0; k < 3; k++) {
        tries.push(options.map(function (o) { return o[Math.min(k, o.length - 1)][0]; }).join(" "));
      }
    }
    var out = [];
    for (var t = 0; t < tries.length && out.length < 3; t++) {
      var q = tries[t];
      if (q === text.trim().toLowerCase() || out.some(function (x) { return x[0] === q; })) continue;
      var n = (await this.search(q)).hits.length;
      if (n) out.push([q, n]);
    }
    var seen = words.concat(out.length ? out[0][0].split(" ") : []);
    return { queries: out, topic: this.closestTopic(seen) };
  };

  // The topic whose title, slug or aliases best match `words` (folded), or null.
  Engine.prototype.closestTopic = function (words) {
    var best = null, bestScore = 0;
    this.m.topics.forEach(function (t) {
      var names = [t[1], t[0].replace(/-/g, " ")].concat(t[3] || []);
      var own = [];
      names.forEach(function (n) {
        segments(n).forEach(function (s) { own.push(chars(fold(s[0]))); });
      });
      var score = 0;
      words.forEach(function (w) {
        var c = chars(w);
        var s = 0;
        own.forEach(function (o) {
          var oj = o.join("");
          if (oj === w) s = Math.max(s, 4);
          else if (c.length >= 3 && o.length >= 3 && (oj.startsWith(w) || w.startsWith(oj))) s = Math.max(s, 3);
          else if (c.length >= 4 && edits(c, o, 2) <= (c.length >= 6 ? 2 : 1)) s = Math.max(s, 2);
        });
        score += s;
      });
      if (score > bestScore) {
        best = t;
        bestScore = score;
      }
    });
    return best;
  };

  var enginePromise = null;
  function engine() {
    if (!enginePromise) {
      enginePromise = load("index").then(function (m) {
        if (!m) throw new Error("search index not found");
        version = m.v || "";
        return new Engine(m);
      });
    }
    return enginePromise;
  }

  // ---- Building result DOM ---------------------------------------------------------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // Appends `text` to `parent`, matched words wrapped in <mark>.
  function appendMarked(parent, text, isMatch) {
    var at = 0;
    segments(text).forEach(function (s) {
      if (!isMatch(fold(s[0]))) return;
      if (s[1] > at) parent.appendChild(document.createTextNode(text.slice(at, s[1])));
      parent.appendChild(el("mark", "", text.slice(s[1], s[2])));
      at = s[2];
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  // A window of about `size` characters of the best text, around its first match.
  function snippet(doc, section, isMatch, size) {
    var texts = [];
    if (section !== null && doc.sections[section]) texts.push(doc.sections[section][2]);
    texts.push(doc.summary);
    doc.sections.forEach(function (s) {
      texts.push(s[2]);
    });
    texts = texts.filter(Boolean);
    for (var i = 0; i < texts.length; i++) {
      var text = texts[i];
      var first = segments(text).find(function (s) { return isMatch(fold(s[0])); });
      if (!first) continue;
      if (text.length <= size) return text;
      var start = Math.max(0, first[1] - Math.floor(size / 3));
      if (start > 0) {
        var space = text.indexOf(" ", start);
        start = space >= 0 && space < first[1] ? space + 1 : start;
      }
      var end = Math.min(text.length, start + size);
      if (end < text.length) {
        var back = text.lastIndexOf(" ", end);
        if (back > first[2]) end = back;
      }
      return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
    }
    var fallback = texts[0] || "";
    return fallback.length > size ? fallback.slice(0, fallback.lastIndexOf(" ", size)) + "…" : fallback;
  }

  function kindLabel(kind) {
    return KIND_ORDER.indexOf(kind) >= 0 ? tr("js_kind_" + kind) : kind;
  }

  function hitUrl(doc, section) {
    var url = rootPrefix + doc.url;
    if (section !== null && doc.sections[section] && doc.sections[section][0]) url += "#" + doc.sections[section][0];
    return url;
  }

  // A query's first `shown` results with their documents; with `filter` (the results
  // page), narrowed by it, with the counts per kind and topic. The sections' texts of
  // long pages come only `withTexts` (the results page: the box shows their summary).
  async function run(text, shown, filter, withTexts, box) {
    var e = await engine();
    var r = await e.search(text, box);
    var counts = null;
    var before = r.hits.length;
    if (filter) {
      counts = await e.narrow(r.hits, filter);
      r.hits = counts.hits;
    }
    var top = r.hits.slice(0, shown);
    var docs = await e.docs(top, withTexts);
    return {
      engine: e,
      counts: counts,
      before: before,
      total: r.hits.length,
      partial: r.partial,
      isMatch: e.highlighter(r.terms),
      items: top
        .map(function (h, i) {
          return docs[i] && { hit: h, doc: docs[i] };
        })
        .filter(Boolean),
    };
  }

  function countText(n, text) {
    if (n === 0) return tr("js_no_results", { query: text });
    return tr("js_results", { n: n, query: text });
  }

  function debounce(f, ms) {
    var t = null;
    return function () {
      clearTimeout(t);
      t = setTimeout(f, ms);
    };
  }

  function typingTarget(t) {
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  // ---- Filters on the results page: two groups of checkboxes with counts -------------

  var KIND_ORDER = ["article", "tip", "path", "page"];

  // The filter panel, made once: a group per facet (a fieldset with a legend), each
  // choice a real checkbox whose label carries its count. `onChange` runs on a tick.
  function filterPanel(onChange) {
    var box = el("div", "search-filters");
    box.hidden = true;
    var groups = {};
    ["kind", "topic"].forEach(function (name) {
      var fs = el("fieldset", "search-facet search-facet-" + name);
      var legend = el("legend", "", tr("js_facet_" + name));
      if (name === "topic") legend.appendChild(el("span", "search-facet-hint", " " + tr("js_facet_topic_hint")));
      fs.appendChild(legend);
      var list = el("div", "search-facet-options");
      fs.appendChild(list);
      box.appendChild(fs);
      groups[name] = { fs: fs, list: list, items: new Map(), order: [] };
    });
    var clear = el("button", "search-filters-clear", tr("js_clear_filters"));
    clear.type = "button";
    clear.hidden = true;
    box.appendChild(clear);
    clear.addEventListener("click", function () {
      Object.keys(groups).forEach(function (g) {
        groups[g].items.forEach(function (it) { it.input.checked = false; });
      });
      onChange();
      var first = box.querySelector("input:not([disabled])");
      if (first) first.focus();
    });

    function item(group, value, label) {
      var g = groups[group];
      var it = g.items.get(value);
      if (it) return it;
      var lab = el("label", "search-filter");
      var input = el("input");
      input.type = "checkbox";
      input.value = value;
      input.setAttribute("data-facet", group);
      input.addEventListener("change", onChange);
      lab.appendChild(input);
      lab.appendChild(el("span", "search-filter-name", label));
      var count = el("span", "search-filter-count");
      lab.appendChild(count);
      it = { label: lab, input: input, count: count };
      g.items.set(value, it);
      return it;
    }

    return {
      element: box,
      // The choices ticked: {kinds: [names], topics: [slugs]}.
      chosen: function () {
        var pick = function (g) {
          var out = [];
          groups[g].order.forEach(function (v) {
            var it = groups[g].items.get(v);
            if (it && it.input.checked) out.push(v);
          });
          groups[g].items.forEach(function (it, v) {
            if (it.input.checked && out.indexOf(v) < 0) out.push(v);
          });
          return out;
        };
        return { kinds: pick("kind"), topics: pick("topic") };
      },
      // Shows the counts of `res` ({kinds, topics} per number) for the index `m`; with
      // `reorder`, topics are put in order of their counts (a new query), otherwise they
      // stay where they are, so ticking a box does not move the others. `wanted` is
      // ticked as it is shown (from the address).
      show: function (m, counts, reorder, wanted) {
        var lists = {
          kind: KIND_ORDER.filter(function (k) { return m.kinds.indexOf(k) >= 0; }).map(function (k) {
            return [k, tr("js_filter_kind_" + k), counts.kinds[m.kinds.indexOf(k)]];
          }),
          topic: m.topics.map(function (t, i) { return [t[0], t[1], counts.topics[i]]; }),
        };
        var any = false;
        Object.keys(lists).forEach(function (g) {
          var rows = lists[g];
          var group = groups[g];
          if (reorder || !group.order.length) {
            if (g === "topic") {
              rows.sort(function (a, b) { return b[2] - a[2] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
            }
            group.order = rows.map(function (r) { return r[0]; });
            group.order.forEach(function (v) {
              var r = rows.find(function (x) { return x[0] === v; });
              group.list.appendChild(item(g, v, r[1]).label); // in order
            });
          }
          var byValue = new Map(rows.map(function (r) { return [r[0], r]; }));
          var visible = 0;
          group.order.forEach(function (v) {
            var r = byValue.get(v);
            if (!r) return;
            var it = item(g, v, r[1]);
            if (wanted && wanted[g].indexOf(v) >= 0) it.input.checked = true;
            it.count.textContent = "";
            it.count.appendChild(document.createTextNode(String(r[2])));
            it.count.appendChild(el("span", "visually-hidden", " " + tr("js_filter_results", { n: r[2] })));
            var show = r[2] > 0 || it.input.checked || document.activeElement === it.input;
            it.label.hidden = !show;
            if (show) visible++;
          });
          group.fs.hidden = visible === 0;
          if (visible) any = true;
        });
        var ticked = this.chosen();
        clear.hidden = !(ticked.kinds.length || ticked.topics.length);
        box.hidden = !any;
      },
      hide: function () {
        box.hidden = true;
      },
    };
  }

  // What the filter says, for the live region: "tips or paths, in Feedback or Pay".
  // Empty when nothing is ticked.
  function filterText(m, f) {
    var anyOf = function (list) {
      return list.length ? list.reduce(function (a, b) { return tr("js_or", { a: a, b: b }); }) : "";
    };
    var kinds = anyOf(f.kinds.map(function (k) { return KIND_ORDER.indexOf(k) >= 0 ? tr("js_narrow_kind_" + k) : k; }));
    var topics = anyOf(
      f.topics.map(function (s) {
        var t = m.topics.find(function (x) { return x[0] === s; });
        return t ? t[1] : s;
      })
    );
    if (kinds && topics) return tr("js_narrow_kinds_topics", { kinds: kinds, topics: topics });
    if (kinds) return tr("js_narrow_kinds", { kinds: kinds });
    return topics ? tr("js_narrow_topics", { topics: topics }) : "";
  }

  // The address of the results page for `text` and `filter`: ?q=…&kind=…&topic=….
  function searchAddress(text, filter) {
    var params = new URLSearchParams();
    if (text) params.set("q", text);
    (filter ? filter.kinds : []).forEach(function (k) { params.append("kind", k); });
    (filter ? filter.topics : []).forEach(function (t) { params.append("topic", t); });
    var s = params.toString().replace(/\+/g, "%20");
    return s ? "?" + s : "?";
  }

  // Help when nothing matches, into `holder`: "Did you mean" links (each runs that query
  // on the results page; `onPick` may take the click over), the closest topic and the
  // topics index. Brief in the header box (`brief`).
  function showHelp(holder, help, topicsUrl, brief, onPick) {
    holder.textContent = "";
    if (help.queries.length) {
      var links = help.queries.map(function (q) {
        var a = el("a", "search-help-query", q[0]);
        a.href = rootPrefix + "search/index.html" + searchAddress(q[0], null);
        if (!brief) a.appendChild(el("span", "search-help-count", " " + tr("js_suggest_count", { n: q[1] })));
        if (onPick) {
          a.addEventListener("click", function (ev) {
            ev.preventDefault();
            onPick(q[0]);
          });
        }
        return a;
      });
      // "a, b or c": commas up to the last pair, which the language's "or" joins.
      var last = links.pop();
      var queries = links.length
        ? trNodes("js_or", {
            a: links.reduce(function (list, a) { return trNodes("js_list_comma", { a: list, b: a }); }),
            b: last,
          })
        : last;
      var p = el("p", "search-help-suggest");
      p.appendChild(trNodes("js_suggest", { queries: queries }));
      holder.appendChild(p);
    }
    var t = el("p", "search-help-topics");
    var all = el("a", "", tr(brief ? "js_help_all_link_brief" : "js_help_all_link"));
    all.href = topicsUrl;
    if (help.topic) {
      var topic = el("a", "", help.topic[1]);
      topic.href = rootPrefix + help.topic[2];
      t.appendChild(trNodes(brief ? "js_help_topic_brief" : "js_help_topic", { topic: topic, all: all }));
    } else {
      t.appendChild(trNodes(brief ? "js_help_all_brief" : "js_help_all", { all: all }));
    }
    holder.appendChild(t);
    holder.hidden = false;
  }

  // ---- The header box: a combobox with a listbox of results ------------------------

  var DROPDOWN = 8;

  function setupBox(form) {
    var input = form.querySelector(".search-input");
    var popup = form.querySelector(".search-popup");
    var listbox = form.querySelector(".search-listbox");
    var status = form.querySelector(".search-status");
    var count = form.querySelector(".search-count");
    var all = form.querySelector(".search-all a");
    var topicsUrl = form.getAttribute("data-topics") || rootPrefix;
    // Help when nothing matches, made here so the page's markup stays as it is.
    var help = el("div", "search-help search-help-brief");
    help.hidden = true;
    popup.insertBefore(help, all.parentNode);
    var options = [];
    var active = -1;
    var seq = 0;
    form.hidden = false;

    function open(yes) {
      popup.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) setActive(-1);
    }

    function setActive(i) {
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = i;
      if (i >= 0 && options[i]) {
        options[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    async function update() {
      var text = input.value.trim();
      var mine = ++seq;
      if (!text) {
        listbox.textContent = "";
        options = [];
        status.textContent = "";
        open(false);
        return;
      }
      var res;
      var short = false;
      try {
        // The box waits for a few letters, quotes aside (one or two match too much to be
        // worth loading; the results page searches whatever it is given), and for more
        // than a phrase's first word being typed.
        short = !boxSearches(text, (await engine()).p.boxMin || 1);
        res = short ? { total: 0, items: [] } : await run(text, DROPDOWN, null, false, true);
      } catch (err) {
        res = { total: 0, items: [], isMatch: function () { return false; } };
      }
      if (mine !== seq) return; // a newer query is on its way
      listbox.textContent = "";
      options = res.items.map(function (item, i) {
        var a = el("a", "search-option");
        a.id = "search-option-" + i;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        a.tabIndex = -1;
        a.href = hitUrl(item.doc, item.hit.section);
        var head = el("span", "search-option-head");
        var title = el("span", "search-option-title");
        appendMarked(title, item.doc.title, res.isMatch);
        head.appendChild(title);
        head.appendChild(el("span", "search-option-kind kind-" + item.doc.kind, kindLabel(item.doc.kind)));
        a.appendChild(head);
        if (item.hit.section !== null) {
          a.appendChild(el("span", "search-option-section", "§ " + item.doc.sections[item.hit.section][1]));
        }
        var snip = el("span", "search-option-snippet");
        appendMarked(snip, snippet(item.doc, item.hit.section, res.isMatch, 140), res.isMatch);
        a.appendChild(snip);
        if (item.doc.topics.length) {
          var chips = el("span", "search-option-chips");
          item.doc.topics.forEach(function (t) {
            chips.appendChild(el("span", "chip", t[1]));
          });
          a.appendChild(chips);
        }
        a.addEventListener("mousemove", function () {
          if (active !== i) setActive(i);
        });
        listbox.appendChild(a);
        return a;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      listbox.hidden = options.length === 0;
      var message = short
        ? tr("js_keep_typing", { query: text })
        : res.partial
          ? tr("js_results_best", { query: text })
          : countText(res.total, text);
      count.textContent = message;
      status.textContent = message;
      all.href = rootPrefix + "search/index.html" + searchAddress(text, null);
      all.textContent = tr("js_all_results_filter");
      all.hidden = res.total === 0 && !short;
      help.hidden = true;
      open(document.activeElement === input || form.contains(document.activeElement));
      if (res.total === 0 && res.engine && !short) {
        var h = await res.engine.suggest(text).catch(function () { return null; });
        if (mine !== seq || !h) return;
        showHelp(help, h, topicsUrl, true, null);
        if (h.queries.length) status.textContent = tr("js_status_suggest", { results: message, query: h.queries[0][0] });
      }
    }

    var later = debounce(update, 120);
    input.addEventListener("input", later);
    input.addEventListener("focus", function () {
      engine().catch(function () {});
      if (input.value.trim() && options.length) open(true);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!options.length) return;
        ev.preventDefault();
        if (popup.hidden) open(true);
        var n = options.length;
        setActive(ev.key === "ArrowDown" ? (active + 1) % n : active <= 0 ? n - 1 : active - 1);
      } else if (ev.key === "Enter") {
        if (!popup.hidden && active >= 0 && options[active]) {
          ev.preventDefault();
          window.location.href = options[active].href;
        }
      } else if (ev.key === "Escape") {
        if (!popup.hidden) {
          ev.preventDefault();
          open(false);
        } else if (input.value) {
          ev.preventDefault();
          input.value = "";
          update();
        }
      }
    });
    form.addEventListener("focusout", function (ev) {
      if (!ev.relatedTarget || !form.contains(ev.relatedTarget)) open(false);
    });
    document.addEventListener("pointerdown", function (ev) {
      if (!form.contains(ev.target)) open(false);
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "/" && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !typingTarget(ev.target)) {
        ev.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  // ---- The results page: search/index.html?q=… -------------------------------------

  var PAGE_SIZE = 20;

  function setupPage(page) {
    var form = page.querySelector(".search-page-form");
    var input = page.querySelector(".search-page-input");
    var status = page.querySelector(".search-page-status");
    var list = page.querySelector(".search-page-results");
    var more = page.querySelector(".search-more");
    var topicsUrl = page.getAttribute("data-topics") || rootPrefix;
    var shown = PAGE_SIZE;
    var seq = 0;
    var lastText = null;
    var baseTitle = document.title;
    var help = el("div", "search-help");
    help.hidden = true;
    var panel = filterPanel(function () {
      shown = PAGE_SIZE;
      update();
    });
    form.hidden = false;
    status.parentNode.insertBefore(panel.element, status);
    list.parentNode.insertBefore(help, list);
    var params = new URLSearchParams(window.location.search);
    // Filters from the address, ticked once the index says what they are.
    var wanted = { kind: params.getAll("kind"), topic: params.getAll("topic") };

    async function update() {
      var text = input.value.trim();
      var mine = ++seq;
      var filter = wanted ? { kinds: wanted.kind, topics: wanted.topic } : panel.chosen();
      try {
        history.replaceState(null, "", searchAddress(text, filter));
      } catch (err) {
        // Some browsers refuse this on file:// pages; the results still show.
      }
      document.title = text ? text + " · " + baseTitle : baseTitle;
      if (!text) {
        list.textContent = "";
        status.textContent = "";
        help.hidden = true;
        panel.hide();
        more.hidden = true;
        return;
      }
      var res;
      try {
        res = await run(text, shown, filter, true);
      } catch (err) {
        res = { total: 0, items: [], counts: null, isMatch: function () { return false; } };
      }
      if (mine !== seq) return;
      if (res.counts) {
        panel.show(res.engine.m, res.counts, text !== lastText, wanted);
        wanted = null;
      }
      lastText = text;
      list.textContent = "";
      res.items.forEach(function (item) {
        var li = el("li", "search-result");
        var h = el("h2", "search-result-title");
        var a = el("a");
        appendMarked(a, item.doc.title, res.isMatch);
        a.href = hitUrl(item.doc, item.hit.section);
        h.appendChild(a);
        li.appendChild(h);
        var meta = el("p", "search-result-meta");
        meta.appendChild(el("span", "search-option-kind kind-" + item.doc.kind, kindLabel(item.doc.kind)));
        if (item.hit.section !== null) {
          meta.appendChild(el("span", "search-result-section", tr("js_section", { section: item.doc.sections[item.hit.section][1] })));
        }
        li.appendChild(meta);
        var p = el("p", "search-result-snippet");
        appendMarked(p, snippet(item.doc, item.hit.section, res.isMatch, 240), res.isMatch);
        li.appendChild(p);
        if (item.doc.topics.length) {
          // The topic links speak for themselves: html-validate allows no name on a list.
          var ul = el("ul", "chips");
          item.doc.topics.forEach(function (t) {
            var c = el("li");
            var link = el("a", "chip", t[1]);
            link.href = rootPrefix + t[2];
            c.appendChild(link);
            ul.appendChild(c);
          });
          li.appendChild(ul);
        }
        list.appendChild(li);
      });
      var narrowed = res.engine ? filterText(res.engine.m, filter) : "";
      status.textContent = narrowed ? tr("js_results_narrowed", { results: countText(res.total, text), filter: narrowed }) : countText(res.total, text);
      more.hidden = res.total <= shown;
      help.hidden = true;
      if (res.total === 0 && res.engine) {
        if (res.before > 0) {
          // The words match, the filters leave nothing: say so rather than guess words.
          help.textContent = "";
          help.appendChild(el("p", "", tr("js_filters_empty")));
          help.hidden = false;
          return;
        }
        var h = await res.engine.suggest(text).catch(function () { return null; });
        if (mine !== seq || !h) return;
        showHelp(help, h, topicsUrl, false, function (q) {
          input.value = q;
          shown = PAGE_SIZE;
          input.focus();
          update();
        });
        if (h.queries.length) status.textContent = tr("js_status_suggest", { results: countText(0, text), query: h.queries[0][0] });
      }
    }

    var later = debounce(function () {
      shown = PAGE_SIZE;
      update();
    }, 150);
    input.addEventListener("input", later);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      shown = PAGE_SIZE;
      update();
    });
    more.addEventListener("click", function () {
      shown += PAGE_SIZE;
      update();
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "/" && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !typingTarget(ev.target)) {
        ev.preventDefault();
        input.focus();
        input.select();
      }
    });
    var q = params.get("q") || "";
    input.value = q;
    if (q) update();
    else input.focus();
  }

  // ---- Start ---------------------------------------------------------------------

  function start() {
    var page = document.querySelector(".search-page");
    var form = document.querySelector("form.search[data-root]");
    var holder = page || form;
    if (!holder) return;
    rootPrefix = holder.getAttribute("data-root") || "";
    if (page) setupPage(page);
    if (form) setupBox(form);
  }

  // For tests and the benchmark: the ranked results of a query (URLs of the first
  // `limit`, all when not given), as the results page ranks them or, `box`, the search
  // box; and the index files loaded so far.
  self.ladderSearchQuery = async function (text, limit, box) {
    var e = await engine();
    var r = await e.search(text, box);
    var docs = await e.docs(limit === undefined ? r.hits : r.hits.slice(0, limit));
    return r.hits.map(function (h, i) {
      return { url: docs[i] ? hitUrl(docs[i], h.section).slice(rootPrefix.length) : null, score: h.score, matched: h.matched };
    });
  };
  // The same, narrowed by `filter` ({kinds, topics}), with the counts per kind and topic.
  self.ladderSearchFiltered = async function (text, filter) {
    var e = await engine();
    var r = await e.narrow((await e.search(text)).hits, filter);
    var docs = await e.docs(r.hits);
    var named = function (names, counts) {
      var out = {};
      names.forEach(function (n, i) { out[n] = counts[i]; });
      return out;
    };
    return {
      hits: r.hits.map(function (h, i) {
        return { url: docs[i] ? hitUrl(docs[i], h.section).slice(rootPrefix.length) : null, score: h.score, matched: h.matched };
      }),
      kinds: named(e.m.kinds, r.kinds),
      topics: named(e.m.topics.map(function (t) { return t[0]; }), r.topics),
    };
  };
  self.ladderSearchFiles = function () {
    return loadedNames.slice();
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
