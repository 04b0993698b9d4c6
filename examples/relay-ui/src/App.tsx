import { Component, Suspense, type ReactNode } from 'react';
import { ContactPage } from './contact/ContactPage';
import { InteractionsPage } from './interactions/InteractionsPage';
import { Link, routeOf, useHref } from './router';

export function App() {
  const href = useHref();
  const route = routeOf(new URL(href));
  return (
    <>
      <header>
        <nav aria-label="Main">
          <Link to={{ screen: 'interactions', accountId: '', representativeId: '' }}>Interactions</Link>
        </nav>
      </header>
      {/*
        A key per screen: leaving a screen drops its state. A failed screen recovers on navigation, to
        another screen or to this one with other filters: the boundary resets when the URL changes.
      */}
      <ErrorBoundary key={route.screen === 'contact' ? route.contactId : 'interactions'} resetKey={href}>
        <Suspense fallback={<p className="loading">Loading…</p>}>
          {route.screen === 'contact' ? (
            <ContactPage contactId={route.contactId} />
          ) : (
            <InteractionsPage filters={{ accountId: route.accountId, representativeId: route.representativeId }} />
          )}
        </Suspense>
      </ErrorBoundary>
    </>
  );
}

interface ErrorBoundaryProps {
  /** A new value clears the error and renders the children again. */
  resetKey: string;
  children: ReactNode;
}

/** A query that fails (network down, GraphQL errors without data) shows its message instead of a blank page. */
class ErrorBoundary extends Component<ErrorBoundaryProps, { error: Error | null; resetKey: string }> {
  override state = { error: null as Error | null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps({ resetKey }: ErrorBoundaryProps, state: { resetKey: string }) {
    return resetKey === state.resetKey ? null : { error: null, resetKey };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main>
        <h1>Something went wrong</h1>
        <p role="alert">{this.state.error.message}</p>
      </main>
    );
  }
}
