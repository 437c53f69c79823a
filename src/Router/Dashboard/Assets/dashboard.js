// The route dashboard. Every value from the router is put on the page with textContent, never parsed as HTML.
'use strict';

(function () {
  const pageSize = 50;
  const state = { q: '', page: 1, pages: 1, version: -1, loading: false, again: false };
  const $ = (id) => document.getElementById(id);

  function cell(row, label, text, className) {
    const td = document.createElement('td');
    td.dataset.label = label;
    td.textContent = text;
    if (className) td.className = className;
    if (text === '') td.classList.add('empty');
    row.appendChild(td);
    return td;
  }

  function age(seconds) {
    if (seconds < 60) return seconds.toFixed(0) + ' s';
    if (seconds < 3600) return (seconds / 60).toFixed(0) + ' min';
    return (seconds / 3600).toFixed(1) + ' h';
  }

  function tls(endpoint) {
    if (!endpoint.tls) return 'no';
    return 'port ' + endpoint.tls_port + ', SAN ' + endpoint.server_cert_domain_san;
  }

  function renderRoutes(answer) {
    const body = document.createElement('tbody');
    for (const route of answer.routes) {
      const endpoints = route.endpoints.length ? route.endpoints : [null];
      endpoints.forEach((endpoint, i) => {
        const row = document.createElement('tr');
        if (i === 0) row.className = 'route-first';
        cell(row, 'Route', i === 0 ? route.route : '', 'route mono');
        if (endpoint === null) {
          cell(row, 'App', 'no endpoints', 'muted');
          body.appendChild(row);
          return;
        }
        cell(row, 'App', endpoint.app_id, 'mono');
        const instance = [endpoint.index, endpoint.instance_id].filter((v) => v !== '').join(' / ');
        cell(row, 'Instance', instance, 'mono');
        cell(row, 'Address', endpoint.address, 'mono');
        cell(row, 'TLS', tls(endpoint));
        cell(row, 'In flight', String(endpoint.in_flight), 'num');
        cell(row, 'Failures', String(endpoint.failures), endpoint.failures > 0 ? 'num bad' : 'num');
        cell(row, 'Age', age(endpoint.age_seconds), 'num');
        body.appendChild(row);
      });
    }
    $('routes').replaceChild(body, $('routes').tBodies[0]);
    state.pages = answer.pages;
    state.version = answer.version;
    $('page-info').textContent = 'Page ' + answer.page + ' of ' + answer.pages;
    $('match-count').textContent = answer.total + (answer.total === 1 ? ' route' : ' routes') + (answer.q ? ' match' : '');
    $('prev').disabled = answer.page <= 1;
    $('next').disabled = answer.page >= answer.pages;
  }

  async function loadRoutes() {
    if (state.loading) { state.again = true; return; }
    state.loading = true;
    try {
      const query = new URLSearchParams({ q: state.q, page: String(state.page), size: String(pageSize) });
      const response = await fetch('/dashboard/api/routes?' + query.toString(), { credentials: 'same-origin' });
      if (!response.ok) {
        $('routes-error').textContent = 'The router refused the search: ' + (await response.text());
        $('routes-error').hidden = false;
        return;
      }
      $('routes-error').hidden = true;
      const answer = await response.json();
      if (answer.page > answer.pages && state.page > 1) {
        state.page = answer.pages;
        state.again = true;
        return;
      }
      renderRoutes(answer);
    } catch (error) {
      $('routes-error').textContent = 'Could not load routes: ' + error;
      $('routes-error').hidden = false;
    } finally {
      state.loading = false;
      if (state.again) { state.again = false; loadRoutes(); }
    }
  }

  function renderTop(top) {
    const body = document.createElement('tbody');
    for (const route of top) {
      const row = document.createElement('tr');
      cell(row, 'Route', route.route, 'route mono');
      cell(row, 'Requests/s', route.requests_per_second.toFixed(1), 'num');
      cell(row, 'Mean latency', route.mean_latency_ms.toFixed(2) + ' ms', 'num');
      cell(row, '5xx/s', route.server_errors_per_second.toFixed(1), route.server_errors_per_second > 0 ? 'num bad' : 'num');
      body.appendChild(row);
    }
    $('top').replaceChild(body, $('top').tBodies[0]);
    $('top-empty').hidden = top.length > 0;
  }

  function sinceUpdate(ms) {
    if (ms === null) return 'never';
    return age(ms / 1000) + ' ago';
  }

  function renderSummary(summary) {
    $('nats-state').textContent = summary.nats;
    $('nats-state').dataset.state = summary.nats;
    $('route-count').textContent = summary.routes.toLocaleString('en');
    $('endpoint-count').textContent = summary.endpoints.toLocaleString('en');
    $('last-update').textContent = sinceUpdate(summary.ms_since_last_registry_update);
    if (summary.rates) {
      $('registration-rate').textContent = summary.registrations_per_second.toFixed(1);
      $('request-rate').textContent = summary.requests_per_second.toFixed(1);
      renderTop(summary.top);
    }
  }

  function connect() {
    const events = new EventSource('/dashboard/events');
    events.addEventListener('summary', (event) => {
      $('stream-state').textContent = 'live';
      $('stream-state').dataset.state = 'live';
      renderSummary(JSON.parse(event.data));

      // In-flight counts, failures and ages move all the time; the page is one bounded request.
      if (!document.hidden) loadRoutes();
    });
    events.addEventListener('error', () => {
      $('stream-state').textContent = 'reconnecting';
      $('stream-state').dataset.state = 'lost';
    });
  }

  let typing = 0;
  $('search').addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      state.q = $('search').value.trim();
      state.page = 1;
      loadRoutes();
    }, 200);
  });
  $('prev').addEventListener('click', () => { if (state.page > 1) { state.page--; loadRoutes(); } });
  $('next').addEventListener('click', () => { if (state.page < state.pages) { state.page++; loadRoutes(); } });

  loadRoutes();
  connect();
})();
