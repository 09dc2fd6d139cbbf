import { EmptyState } from '../../components/EmptyState';

const platforms = [
  { id: 'github', name: 'GitHub', how: 'OAuth in your browser' },
  { id: 'gitlab', name: 'GitLab', how: 'URL + personal access token' },
  { id: 'bitbucket', name: 'Bitbucket', how: 'OAuth in your browser' },
  { id: 'gitee', name: 'Gitee', how: 'OAuth in your browser' },
] as const;

export function CodeSourcePage() {
  return (
    <>
      <header className="page-header">
        <h1>Code Source</h1>
        <p className="lede">Accounts whose repositories Slipway builds. Tokens stay on this machine.</p>
      </header>
      <EmptyState title="No code source is bound yet">
        <p>Bind the account that hosts your code first: image repositories are bound to its repositories, and its pushes start builds.</p>
      </EmptyState>
      <table className="table" aria-label="Code sources">
        <thead>
          <tr>
            <th scope="col">Platform</th>
            <th scope="col">Binding</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {platforms.map((p) => (
            <tr key={p.id}>
              <td>{p.name}</td>
              <td className="muted">{p.how}</td>
              <td>
                <span className="badge">Not bound</span>
              </td>
              <td className="actions">
                <button type="button" disabled aria-describedby="bind-note">
                  Bind Account
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p id="bind-note" className="muted small">
        Binding accounts is not available in this version of Slipway yet.
      </p>
    </>
  );
}
