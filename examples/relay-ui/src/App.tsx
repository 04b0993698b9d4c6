import { Component, Suspense, type ReactNode } from 'react';
import { ContactPage } from './contact/ContactPage';
import { InteractionsPage } from './interactions/InteractionsPage';
import { Link, routeOf, useHref } from './router';

export function App() {
  const route = routeOf(new URL(useHref()));
  return (
    <>
      <header>
        <nav aria-label="Main">
          <Link to={{ screen: 'interactions', accountId: '', representativeId: '' }}>Interactions</Link>
        </nav>
      </header>
      {/* A key per screen: leaving a screen drops its state, and a failed screen recovers on navigation. */}
      <ErrorBoundary key={route.screen === 'contact' ? route.contactId : 'interactions'}>
        <Suspense fallback={<p className="loading">Loading…</p>}>
          {route.screen === 'contact' ? (
            <ContactPage contactId={route.contactId} />
          ) : (
            <InteractionsPage initial={{ accountId: route.accountId, representativeId: route.representativeId }} />
          )}
        </Suspense>
      </ErrorBoundary>
    </>
  );
}

/** A query that fails (network down, GraphQL errors without data) shows its message instead of a blank page. */
class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
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
