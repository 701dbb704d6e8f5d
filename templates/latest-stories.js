// Fills a page's Latest stories from the one list the site shares (latest_list = "shared"),
// leaving out the page's own story, so a new story changes that list and not every page.
// Without scripts, or if the list cannot be fetched, the page keeps its link to the front page.
(function () {
  var box = document.querySelector("[data-latest-stories]");
  if (!box || !window.fetch || !window.DOMParser) return;
  fetch(box.getAttribute("data-latest-stories"))
    .then(function (answer) {
      return answer.ok ? answer.text() : Promise.reject(answer.status);
    })
    .then(function (html) {
      var list = new DOMParser().parseFromString(html, "text/html").querySelector("ol");
      if (!list) return;
      var here = location.pathname;
      Array.prototype.slice.call(list.children).forEach(function (item) {
        var link = item.querySelector("a");
        if (link && new URL(link.getAttribute("href"), location.href).pathname === here) {
          item.remove();
        }
      });
      var count = Number(box.getAttribute("data-count"));
      while (list.children.length > count) list.lastElementChild.remove();
      var fallback = box.querySelector("p");
      if (fallback) fallback.replaceWith(document.importNode(list, true));
    })
    .catch(function () {});
})();
