// The login page's entry (login.html): the form on the browser's fetch, cookies and location.

import '../common/theme.css';
import './login.css';
import { systemClock } from '../common/clock';
import { LoginForm } from './login';

const form = new LoginForm({
  doc: document,
  fetch: (input, init) => fetch(input, init),
  cookies: () => document.cookie,
  location: window.location,
  clock: systemClock,
});
form.mount();
