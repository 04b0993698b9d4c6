import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RelayEnvironmentProvider } from 'react-relay';
import { App } from './App';
import { createEnvironment } from './relay/environment';
import { FieldErrors, FieldErrorsContext } from './relay/fieldErrors';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const fieldErrors = new FieldErrors();
createRoot(root).render(
  <StrictMode>
    <RelayEnvironmentProvider environment={createEnvironment(fieldErrors)}>
      <FieldErrorsContext value={fieldErrors}>
        <App />
      </FieldErrorsContext>
    </RelayEnvironmentProvider>
  </StrictMode>,
);
