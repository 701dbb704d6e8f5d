/* newsroom: click to load. The built-in video and post shortcodes render first-party markup
   that reads without this script; nothing is fetched from another site until the reader asks
   for it here. A page loads this file once per kind of embed, so it guards against running twice. */
(function () {
  "use strict";
  if (window.newsroomEmbeds) return;
  window.newsroomEmbeds = true;

  /* "90", "90s", "1m30s" or "1h2m3s" as seconds; 0 when it is none of those. */
  function seconds(start) {
    var match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/.exec(String(start || "").trim());
    if (!match) return 0;
    return (+match[1] || 0) * 3600 + (+match[2] || 0) * 60 + (+match[3] || 0);
  }

  var players = {
    youtube: function (data) {
      var start = seconds(data.start);
      return "https://www.youtube-nocookie.com/embed/" + encodeURIComponent(data.id) +
        "?autoplay=1" + (start ? "&start=" + start : "");
    },
    vimeo: function (data) {
      return "https://player.vimeo.com/video/" + encodeURIComponent(data.id) + "?dnt=1&autoplay=1";
    }
  };

  var loaded = {};
  /* Adds the platform's script once. Each one looks for its embeds as it starts, so `again`
     only runs for a later embed, once the script is already there. */
  function script(src, again) {
    if (loaded[src]) {
      if (loaded[src] === "ready") again();
      return;
    }
    loaded[src] = "loading";
    addScript(src).onload = function () { loaded[src] = "ready"; };
  }

  function addScript(src) {
    var tag = document.createElement("script");
    tag.src = src;
    tag.async = true;
    return document.head.appendChild(tag);
  }

  function playVideo(facade) {
    var data = facade.dataset;
    var frame = document.createElement("iframe");
    frame.src = players[data.embed](data);
    frame.title = data.title || "Video";
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture; web-share";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.className = "embed-frame";
    facade.replaceWith(frame);
    frame.focus();
  }

  /* Each platform's own embed, made from the quotation the page already shows. */
  var posts = {
    x: function (quote, url) {
      /* X's script finds the post by a twitter.com link in the quotation; it asks X not to
         use the visit for personalisation. */
      var link = quote.querySelector("a.post-link");
      if (link) link.href = "https://twitter.com" + url.pathname;
      quote.classList.add("twitter-tweet");
      quote.setAttribute("data-dnt", "true");
      script("https://platform.twitter.com/widgets.js", function () {
        if (window.twttr && window.twttr.widgets) window.twttr.widgets.load(quote.parentNode);
      });
    },
    bluesky: function (quote, url) {
      var path = /^\/profile\/([^/]+)\/post\/([^/?#]+)/.exec(url.pathname);
      if (url.hostname !== "bsky.app" || !path) return false;
      quote.classList.add("bluesky-embed");
      quote.setAttribute("data-bluesky-uri", "at://" + path[1] + "/app.bsky.feed.post/" + path[2]);
      script("https://embed.bsky.app/static/embed.js", function () {
        if (window.bluesky && window.bluesky.scan) window.bluesky.scan(quote.parentNode);
      });
    },
    mastodon: function (quote, url) {
      var frame = document.createElement("iframe");
      frame.src = url.origin + url.pathname.replace(/\/$/, "") + "/embed";
      frame.className = "mastodon-embed embed-post-frame";
      frame.title = "The post on " + url.hostname;
      frame.allowFullscreen = true;
      quote.replaceWith(frame);
      /* A server's script sizes the frames it finds as it starts, and has no call to find
         more, so each post loads it again (from the browser's cache after the first). */
      addScript(url.origin + "/embed.js");
    },
    instagram: function (quote, url) {
      quote.classList.add("instagram-media");
      quote.setAttribute("data-instgrm-permalink", url.href);
      quote.setAttribute("data-instgrm-version", "14");
      script("https://www.instagram.com/embed.js", function () {
        if (window.instgrm) window.instgrm.Embeds.process();
      });
    },
    gist: function (place, url, button) {
      /* GitHub's gist script writes into the page as it loads, so it runs in a frame of its own. */
      var src = url.origin + url.pathname + ".js" +
        (button.dataset.file ? "?file=" + encodeURIComponent(button.dataset.file) : "");
      var frame = document.createElement("iframe");
      frame.className = "embed-gist-frame";
      frame.title = place.textContent.trim();
      frame.srcdoc = '<!doctype html><base target="_top"><style>body{margin:0}</style>' +
        '<script src="' + src.replace(/"/g, "%22") + '"></' + "script>";
      var fit = function () {
        try { frame.style.height = frame.contentDocument.documentElement.scrollHeight + "px"; } catch (e) {}
      };
      frame.onload = function () { fit(); setTimeout(fit, 400); setTimeout(fit, 1500); };
      place.after(frame);
    }
  };

  function loadPost(button) {
    var figure = button.closest(".embed");
    var kind = button.dataset.embed;
    var url;
    try { url = new URL(button.dataset.url); } catch (e) { return; }
    if (url.protocol !== "https:") return;
    var target = kind === "gist" ? figure.querySelector(".gist-link") : figure.querySelector("blockquote");
    if (!target || posts[kind](target, url, button) === false) {
      window.location.assign(url.href);
      return;
    }
    button.closest(".embed-actions").remove();
    figure.tabIndex = -1;
    figure.focus();
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-embed]");
    if (!target || event.defaultPrevented || event.button > 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    if (players[target.dataset.embed] && target.classList.contains("embed-facade")) {
      event.preventDefault();
      playVideo(target);
    } else if (posts[target.dataset.embed] && target.classList.contains("embed-load")) {
      loadPost(target);
    }
  });

  /* The buttons only work with this script, so they are shown by it. */
  document.querySelectorAll(".embed-actions[hidden]").forEach(function (actions) {
    actions.hidden = false;
  });
})();
