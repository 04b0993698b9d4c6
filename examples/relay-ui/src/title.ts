import { useEffect } from 'react';

/**
 * The browser tab's title for the screen on show. The title outlives the screen that set it, so each
 * screen sets its own: none may keep the previous one's (a contact's name on the list, say).
 */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · ctrlgraph`;
  }, [title]);
}
