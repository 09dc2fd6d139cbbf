/** A page's heading and the sentence under it. */
export function PageHeader({ title, lede }: { readonly title: string; readonly lede: string }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      <p className="lede">{lede}</p>
    </header>
  );
}
