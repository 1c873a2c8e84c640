import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api/client.js';
import { App } from './app/app.js';
import { redirectOnLoginRequired } from './app/login-redirect.js';
import './styles.css';

api.use(redirectOnLoginRequired);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
