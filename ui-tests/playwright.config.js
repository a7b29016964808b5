// Galata (Playwright) configuration: Debian's Chromium, never a downloaded browser, against a
// JupyterLab server started from the project's virtual environment.
const path = require('path');
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const jupyter = path.join(__dirname, '..', '.venv', 'bin', 'jupyter');

module.exports = {
  ...baseConfig,
  reporter: [['list'], ['html', { open: 'never' }]],
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  use: {
    ...baseConfig.use,
    baseURL: 'http://localhost:8931',
    trace: 'retain-on-failure',
    video: 'off',
    launchOptions: {
      executablePath: process.env.ARCHLENS_CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    }
  },
  webServer: {
    command: `${jupyter} lab --config jupyter_server_test_config.py`,
    cwd: __dirname,
    url: 'http://localhost:8931/lab',
    timeout: 180 * 1000,
    reuseExistingServer: !process.env.CI
  }
};
