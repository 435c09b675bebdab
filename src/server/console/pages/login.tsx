import { BASE, Layout, Notice } from './layout.js';

export const LOGIN_CSRF_COOKIE = 'lanaudit_login';

export function LoginPage(props: { next: string; csrf: string; error?: string; info?: string; name?: string }) {
  return (
    <Layout title="Log in" section={null} session={null}>
      <div class="login">
        <h1>lanaudit console</h1>
        {props.info !== undefined && <Notice>{props.info}</Notice>}
        {props.error !== undefined && <Notice kind="error">{props.error}</Notice>}
        <form class="stack" method="post" action={`${BASE}/login`}>
          <input type="hidden" name="_csrf" value={props.csrf} />
          <input type="hidden" name="next" value={props.next} />
          <label>User name<input name="name" autocomplete="username" required autofocus value={props.name ?? ''} /></label>
          <label>Password<input name="password" type="password" autocomplete="current-password" required /></label>
          <button type="submit">Log in</button>
        </form>
      </div>
    </Layout>
  );
}
