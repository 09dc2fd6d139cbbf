import { useEffect, useState } from 'react';

/** The part of the route after the page: #/repositories/<id> → "<id>". */
export function hashDetail(hash: string): string | undefined {
  return hash.replace(/^#\/?/, '').split('/').slice(1).join('/') || undefined;
}

export function useHashDetail(): string | undefined {
  const read = () => hashDetail(window.location.hash);
  const [detail, setDetail] = useState(read);
  useEffect(() => {
    const onChange = () => setDetail(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return detail;
}
