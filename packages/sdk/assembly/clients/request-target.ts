// Splits a call's URL into :authority and :path the way Higress's HttpCall does with Go's
// url.Parse: a URL with a host (`http://h:8080/p?q`, `//h/p`) sends that host; otherwise the
// cluster's host name is used. The path always starts with '/', the query is kept, the
// fragment dropped. Control characters and spaces make the URL invalid.

class RequestTarget {
  constructor(
    public readonly authority: string,
    public readonly path: string,
  ) {}
}

/** null if the URL is invalid. */
export function parseRequestTarget(url: string): RequestTarget | null {
  for (let i = 0, n = url.length; i < n; i++) {
    const c = url.charCodeAt(i);
    if (c <= 0x20 || c == 0x7f) return null;
  }
  let rest = url;
  const hash = rest.indexOf("#");
  if (hash >= 0) rest = rest.substring(0, hash);
  let authority = "";
  const scheme = rest.indexOf("://");
  const slash = rest.indexOf("/");
  if (scheme > 0 && (slash < 0 || scheme < slash)) {
    rest = rest.substring(scheme + 3);
    const end = authorityEnd(rest);
    authority = rest.substring(0, end);
    rest = rest.substring(end);
    if (authority.length == 0) return null;
  } else if (rest.startsWith("//")) {
    rest = rest.substring(2);
    const end = authorityEnd(rest);
    authority = rest.substring(0, end);
    rest = rest.substring(end);
  }
  let path = rest;
  let query = "";
  const q = rest.indexOf("?");
  if (q >= 0) {
    path = rest.substring(0, q);
    query = rest.substring(q);
  }
  while (path.startsWith("/")) path = path.substring(1);
  return new RequestTarget(authority, "/" + path + (query.length > 1 ? query : ""));
}

function authorityEnd(s: string): i32 {
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x2f || c == 0x3f) return i;
  }
  return s.length;
}
