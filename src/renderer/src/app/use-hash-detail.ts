import { useEffect, useState } from 'react';

/** The part of the route after the page: #/repositories/<id> → "<id>". */
export function useHashDetail(): string | undefined {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('/').slice(1).join('/') || undefined;
  const [detail, setDetail] = useState(read);
  useEffect(() => {
    const onChange = () => setDetail(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return detail;
}
