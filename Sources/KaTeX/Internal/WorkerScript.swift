/// The JavaScript program each KaTeX worker runs
/// (`node -e <script> <library> <maxExpand> <maxSize> <highlight.js library or "">`).
///
/// Protocol, one line per message, UTF-8 JSON:
/// - on start the worker writes `{"ready":"<KaTeX version>"}`;
/// - then for every request line `{"t":"<tex>","d":<display?>,"m":{"\\name":"body",…}}` it writes exactly one
///   result line, in the same order: `{"h":"<html>","w":["<warning>",…]}` or `{"e":"<message>","p":<offset>}`
///   where `p` (absent when unknown) is KaTeX's 0-based UTF-16 offset of the error inside `t`;
/// - a request line `{"k":"code","l":"<language>","c":"<code>"}` asks for a code block highlighted by
///   highlight.js instead: the reply is `{"h":"<html>","w":[]}` (the code escaped, with `hljs-…` spans), or
///   `{"e":"<message>"}` for a language highlight.js does not know or when it is not installed. highlight.js
///   is loaded at the first such request, so a site without code blocks never pays for it.
///
/// The worker is fully synchronous: it reads stdin with `fs.readSync` and writes every result with
/// `fs.writeSync` as soon as it is rendered. The Swift side therefore sees progress formula by formula, which is
/// what lets it time each formula of a batch separately and name the one that hangs.
///
/// Safety settings, per request:
/// - `throwOnError: true`, and every exception (including a `RangeError` from a stack overflow, which KaTeX
///   never turns into a `ParseError`) is caught and reported;
/// - `trust` allows only `\href` to a fragment of the page (`#eq-x`) and `\htmlClass` whose classes all start
///   with `eq-` (an equation's number and its row mark); for every other command it records the refused command
///   (and URL) as a warning, after KaTeX's strict notice about `\html…` commands, and returns `false`;
/// - `strict` is a function that records the warning and returns `"ignore"`, so nothing goes to the console;
/// - `maxExpand` and `maxSize` come from ``MathLimits``;
/// - `macros` is a fresh object built from the request's own macros, so `\gdef` in one formula is never seen by
///   another formula (of the same post or another one).
///
/// `console` is silenced: standard output carries the protocol, and highlight.js 9 prints an upgrade notice there.
enum WorkerScript {
    static let source = #"""
        "use strict";
        const fs = require("fs");
        const katex = require(process.argv[1]);
        if (!katex || typeof katex.renderToString !== "function" || typeof katex.ParseError !== "function") {
          process.stderr.write("Error: " + process.argv[1] + " is not the KaTeX library\n");
          process.exit(1);
        }
        const maxExpand = Number(process.argv[2]);
        const maxSize = Number(process.argv[3]);
        const highlightPath = process.argv[4] || "";
        for (const name of ["log", "info", "warn", "error", "debug", "trace"]) console[name] = () => {};
        let hljs;

        function highlight(req) {
          if (hljs === undefined) {
            hljs = null;
            if (highlightPath !== "") {
              try {
                const loaded = require(highlightPath);
                if (loaded && typeof loaded.highlight === "function" && typeof loaded.getLanguage === "function") {
                  if (typeof loaded.configure === "function") {
                    loaded.configure({ hideUpgradeWarningAcceptNoSupportOrSecurityUpdates: true });
                  }
                  hljs = loaded;
                }
              } catch (e) {}
            }
          }
          if (hljs === null) return { e: "highlight.js is not installed" };
          const language = String(req.l);
          const code = String(req.c);
          const definition = hljs.getLanguage(language);
          if (!definition || typeof definition !== "object") return { e: "unknown language " + language };
          try {
            // highlight.js 9 and 10 take (language, code, ignoreIllegals); 11 takes (code, options).
            const major = Number(String(hljs.versionString || "9").split(".")[0]);
            const result =
              major >= 11
                ? hljs.highlight(code, { language: language, ignoreIllegals: true })
                : hljs.highlight(language, code, true);
            return { h: String(result.value), w: [] };
          } catch (e) {
            return { e: "highlight.js failed: " + String(e && e.message) };
          }
        }

        function send(obj) {
          const buf = Buffer.from(JSON.stringify(obj) + "\n", "utf8");
          let off = 0;
          while (off < buf.length) {
            try {
              off += fs.writeSync(1, buf, off, buf.length - off);
            } catch (e) {
              if (e && e.code === "EAGAIN") continue;
              throw e;
            }
          }
        }

        // KaTeX 0.16.4's ParseError has no raw message: its text is "KaTeX parse error: <message>" followed, when the
        // position is known, by " at position N: <context>" or " at end of input: <context>". The position may also point
        // into a macro body rather than the formula; it is kept only when the context matches the formula itself.
        function parseErrorReply(tex, e) {
          let msg = String(e.message);
          const prefix = "KaTeX parse error: ";
          if (msg.startsWith(prefix)) msg = msg.slice(prefix.length);
          const pos = typeof e.position === "number" ? e.position : undefined;
          if (pos === undefined) return { e: msg };
          const marker = pos === tex.length ? " at end of input: " : " at position " + (pos + 1) + ": ";
          const cut = msg.lastIndexOf(marker);
          if (cut === -1) return { e: msg };
          const raw = msg.slice(0, cut);
          const context = msg.slice(cut + marker.length);
          const left = pos > 15 ? "\u2026" + tex.slice(pos - 15, pos) : tex.slice(0, pos);
          const here = pos < tex.length ? tex.slice(pos, pos + 1) + "\u0332" : "";
          if (pos <= tex.length && context.startsWith(left + here)) return { e: raw, p: pos };
          return { e: raw };
        }

        function render(req) {
          const tex = String(req.t);
          const warnings = [];
          const seen = new Set();
          const warn = (w) => {
            if (!seen.has(w)) {
              seen.add(w);
              warnings.push(w);
            }
          };
          let pendingHTMLExtension = null;
          const macros = {};
          if (req.m && typeof req.m === "object") {
            for (const name of Object.keys(req.m)) {
              if (name !== "__proto__") macros[name] = String(req.m[name]);
            }
          }
          try {
            const html = katex.renderToString(tex, {
              displayMode: req.d === true,
              output: "htmlAndMathml",
              throwOnError: true,
              trust: (context) => {
                const notice = pendingHTMLExtension;
                pendingHTMLExtension = null;
                if (isTrusted(context)) return true;
                if (notice !== null) warn(notice);
                let text = context.command + " is not allowed (KaTeX trust is off)";
                if (typeof context.url === "string") text += ": " + context.url;
                warn(text);
                return false;
              },
              strict: (code, message) => {
                // KaTeX checks an \html… command's strictness just before its trust: the notice is kept for the
                // trust check, which drops it for the build's own equation marks.
                if (code === "htmlExtension") {
                  if (pendingHTMLExtension !== null) warn(pendingHTMLExtension);
                  pendingHTMLExtension = message + " [" + code + "]";
                  return "ignore";
                }
                // CJK text typed in math (a label in \mathrm{…}, a word in a subscript) renders as text, as
                // MathJax shows it: one warning per character would flood the log of a post in Chinese or Japanese.
                if (code === "unicodeTextInMathMode" && /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/.test(message)) {
                  return "ignore";
                }
                warn(message + " [" + code + "]");
                return "ignore";
              },
              maxExpand: maxExpand,
              maxSize: maxSize,
              macros: macros,
              globalGroup: false,
            });
            if (pendingHTMLExtension !== null) warn(pendingHTMLExtension);
            return { h: html, w: warnings };
          } catch (e) {
            if (e instanceof katex.ParseError) return parseErrorReply(tex, e);
            if (e instanceof RangeError && /call stack/i.test(String(e.message))) {
              return { e: "formula too deeply nested for KaTeX (" + e.message + ")" };
            }
            if (e instanceof Error) return { e: "KaTeX failed: " + e.name + ": " + e.message };
            return { e: "KaTeX failed: " + String(e) };
          }
        }

        // The only trusted commands: links inside the page (an equation's number, a row's mark) and classes that
        // all start with "eq-" (the marks' colours).
        function isTrusted(context) {
          if (context.command === "\\href") {
            return typeof context.url === "string" && /^#[A-Za-z0-9:_.-]*$/.test(context.url);
          }
          if (context.command === "\\htmlClass") {
            const classes = String(context.class || "").split(/\s+/).filter((c) => c !== "");
            return classes.length > 0 && classes.every((c) => /^eq-[A-Za-z0-9_-]*$/.test(c));
          }
          return false;
        }

        function handle(line) {
          let req;
          try {
            req = JSON.parse(line);
          } catch (e) {
            return { e: "malformed request to the KaTeX worker" };
          }
          try {
            if (req && req.k === "code") return highlight(req);
            return render(req);
          } catch (e) {
            // Only reached if reporting an error failed itself; the reply must still come.
            return { e: "KaTeX failed: " + String(e && e.message) };
          }
        }

        send({ ready: String(katex.version) });

        const chunk = Buffer.alloc(1 << 16);
        let partial = [];
        for (;;) {
          let n;
          try {
            n = fs.readSync(0, chunk, 0, chunk.length, null);
          } catch (e) {
            if (e && e.code === "EAGAIN") continue;
            if (e && e.code === "EOF") break;
            throw e;
          }
          if (n === 0) break;
          const data = chunk.subarray(0, n);
          let start = 0;
          for (;;) {
            const nl = data.indexOf(10, start);
            if (nl === -1) break;
            let lineBuf = data.subarray(start, nl);
            if (partial.length > 0) {
              partial.push(lineBuf);
              lineBuf = Buffer.concat(partial);
              partial = [];
            }
            send(handle(lineBuf.toString("utf8")));
            start = nl + 1;
          }
          if (start < n) partial.push(Buffer.from(data.subarray(start, n)));
        }
        """#
}
