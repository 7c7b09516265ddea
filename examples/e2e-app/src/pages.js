// The app's pages: a layout, the group list, one group, and an error page.
// Everything is rendered on the server; the only script is the browser's own
// form handling.

import { html } from "./html.js";

const APP_NAME = "User groups";

/** @typedef {import("@cf-user-groups/client").UserGroup} UserGroup */
/** @typedef {import("@cf-user-groups/client").Member} Member */
/** @typedef {import("./html.js").SafeHtml} SafeHtml */

/**
 * A timestamp as the API sent it, shown to the minute in UTC, with the exact
 * value in `datetime` (a value that does not parse is shown as it came).
 *
 * @param {string} timestamp
 */
export function formatTimestamp(timestamp) {
  const time = new Date(timestamp);
  const shown = Number.isNaN(time.getTime())
    ? timestamp
    : `${time.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return html`<time datetime="${timestamp}">${shown}</time>`;
}

/**
 * @param {{ title: string; error?: string | undefined; body: SafeHtml }} page `title` names the page; the app's name follows it.
 */
function layout({ title, error, body }) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title === APP_NAME ? title : `${title} · ${APP_NAME}`}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
  table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
  th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; }
  .banner { background: #fdecea; border: 1px solid #f5c2c0; color: #8a1f17; padding: .75rem 1rem; border-radius: .4rem; }
  form.inline { display: inline; }
  input[type=text] { padding: .3rem; min-width: 20rem; }
  code { font-size: .9em; }
</style>
</head>
<body>
${error ? html`<div class="banner" role="alert">${error}</div>` : ""}
${body}
</body>
</html>
`;
}

/**
 * The groups of an account, each with its member count, and a form to create one.
 *
 * @param {{
 *   accountId: string;
 *   groups: readonly { group: UserGroup; memberCount: number }[] | undefined;
 *   totalCount?: number | undefined;
 *   error?: string | undefined;
 *   name?: string | undefined;
 * }} view `groups` is undefined when they could not be loaded; `name` refills the form after a failed create.
 */
export function groupListPage({ accountId, groups, totalCount, error, name = "" }) {
  const list =
    groups === undefined
      ? ""
      : groups.length === 0
        ? html`<p>No user groups yet.</p>`
        : html`<table>
<thead><tr><th>Name</th><th>Members</th><th>Created</th></tr></thead>
<tbody>
${groups.map(
  ({ group, memberCount }) => html`<tr data-group-id="${group.id}">
<td><a href="/accounts/${accountId}/groups/${group.id}">${group.name}</a></td>
<td>${memberCount}</td>
<td>${formatTimestamp(group.created_on)}</td>
</tr>
`,
)}</tbody>
</table>
${totalCount !== undefined && totalCount > groups.length ? html`<p>Showing ${groups.length} of ${totalCount} groups.</p>` : ""}`;
  return layout({
    title: APP_NAME,
    error,
    body: html`<h1>User groups</h1>
<p>Account <code>${accountId}</code></p>
${list}
<h2>New group</h2>
<form method="post" action="/accounts/${accountId}/groups">
<label>Name <input type="text" name="name" required maxlength="200" value="${name}"></label>
<button type="submit">Create group</button>
</form>`,
  });
}

/**
 * One group: its details, its members with a remove button each, and a form to add one.
 *
 * @param {{
 *   accountId: string;
 *   group: UserGroup;
 *   members: readonly Member[];
 *   error?: string | undefined;
 *   memberId?: string | undefined;
 * }} view `memberId` refills the form after a failed add.
 */
export function groupPage({ accountId, group, members, error, memberId = "" }) {
  const base = `/accounts/${accountId}/groups/${group.id}`;
  return layout({
    title: group.name,
    error,
    body: html`<p><a href="/accounts/${accountId}/groups">← All groups</a></p>
<h1>${group.name}</h1>
<p>Id <code>${group.id}</code> · created ${formatTimestamp(group.created_on)} · modified ${formatTimestamp(group.modified_on)}</p>
<h2>Members</h2>
${
  members.length === 0
    ? html`<p>No members yet.</p>`
    : html`<table>
<thead><tr><th>Email</th><th>Status</th><th></th></tr></thead>
<tbody>
${members.map(
  (member) => html`<tr data-member-id="${member.id}">
<td>${member.email ?? member.id}</td>
<td>${member.status}</td>
<td><form class="inline" method="post" action="${base}/members/${member.id}/delete"><button type="submit" aria-label="Remove ${member.email ?? member.id}">Remove</button></form></td>
</tr>
`,
)}</tbody>
</table>`
}
<h2>Add a member</h2>
<form method="post" action="${base}/members">
<label>Member id <input type="text" name="memberId" required pattern="[0-9a-fA-F]{32}" placeholder="32 hexadecimal characters" value="${memberId}"></label>
<button type="submit">Add member</button>
</form>`,
  });
}

/**
 * A page with only a message: for a group that could not be loaded, or a path the app does not have.
 *
 * @param {{ title: string; error: string; back?: string | undefined }} view
 */
export function messagePage({ title, error, back }) {
  return layout({
    title,
    error,
    body: html`<h1>${title}</h1>${back ? html`<p><a href="${back}">← Back</a></p>` : ""}`,
  });
}

/** The start page: which account to manage. */
export function homePage() {
  return layout({
    title: "Start",
    body: html`<h1>User groups</h1>
<form method="get" action="/accounts">
<label>Account id <input type="text" name="accountId" required pattern="[0-9a-fA-F]{32}"></label>
<button type="submit">Open</button>
</form>`,
  });
}
