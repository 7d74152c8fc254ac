/**
 * The one stylesheet of the web pages, after the GOV.UK Design System (see PAGES.md): 19px text
 * on a 25px line everywhere, nothing in a field under 16px (iOS zooms into smaller ones), 15px
 * gutters on phones and 30px from 641px, 44px targets, GOV.UK's yellow focus, and tables that
 * stack into cards below 641px. Inline in each page: the CSP allows inline styles only, and one
 * small block costs less than a second request on a slow phone.
 */
export const STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:19px/25px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0b0c0c;background:#fff;overflow-wrap:break-word}
input,select,textarea,button{font:inherit;scroll-margin-top:7em}
a{color:#1d70b8;text-decoration-thickness:1px;text-underline-offset:.15em}
a:visited{color:#4c2c92}
a:hover{color:#003078;text-decoration-thickness:3px}
a:focus{outline:3px solid transparent;color:#0b0c0c;background:#fd0;box-shadow:0 -2px #fd0,0 4px #0b0c0c;text-decoration:none}
h1{font-size:27px;line-height:30px;margin:0 0 20px}
h2{font-size:21px;line-height:25px;margin:30px 0 15px}
h3{font-size:19px;line-height:25px;margin:25px 0 10px}
p{margin:0 0 15px}
ul,ol{margin:0 0 15px;padding-left:20px}
.skip-link{position:absolute;width:1px;height:1px;margin:0;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.skip-link:focus{position:static;width:auto;height:auto;clip-path:none;display:block;padding:10px 15px;background:#fd0;color:#0b0c0c}
.header{background:#0b0c0c;color:#fff;border-bottom:10px solid #1d70b8}
.header__inner{max-width:990px;margin:0 auto;padding:5px 15px;display:flex;flex-wrap:wrap;align-items:center;gap:0 20px}
.header a,.header a:visited{color:#fff;text-decoration:none}
.header a:focus{color:#0b0c0c}
.header__brand{font-weight:700;font-size:24px;display:inline-block;padding:10px 0;margin-right:auto}
.header__nav{display:flex;flex-wrap:wrap;gap:0 20px;margin:0;padding:0;list-style:none}
.header__nav a{font-weight:700}
.header__who{width:100%;display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:0 15px;font-size:16px;color:#f3f2f1}
.header__who form{margin:0}
.header__signout{min-height:44px;padding:0;border:0;background:none;color:#fff;text-decoration:underline;cursor:pointer;font-size:16px}
.header__signout:focus{outline:3px solid #fd0;color:#0b0c0c;background:#fd0}
.container{max-width:990px;margin:0 auto;padding:0 15px}
main{padding:20px 0 40px;display:block}
.back-link{display:inline-block;margin-top:15px;padding:10px 0 10px 14px;position:relative;font-size:16px;color:#0b0c0c}
.back-link::before{content:"";position:absolute;left:3px;top:50%;width:7px;height:7px;border:solid;border-width:1px 1px 0 0;transform:translateY(-50%) rotate(225deg)}
.caption{display:block;color:#505a5f;font-size:19px;font-weight:400;margin-bottom:5px}
.lede{font-size:21px;line-height:30px}
.hint{color:#505a5f;margin-bottom:15px}
.muted{color:#505a5f}
.visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip-path:inset(50%)!important;white-space:nowrap!important;border:0!important}
.form-group{margin-bottom:20px}
.form-group--error{padding-left:15px;border-left:5px solid #d4351c}
.label{display:block;margin-bottom:5px;font-weight:700}
.fieldset{margin:0;padding:0;border:0;min-width:0}
.fieldset__legend{font-weight:700;margin-bottom:10px;padding:0;max-width:100%;white-space:normal}
.fieldset__legend--l{font-size:24px;line-height:30px}
.input,.textarea,.select{display:block;width:100%;max-width:100%;min-height:44px;padding:5px;border:2px solid #0b0c0c;border-radius:0;background:#fff;color:#0b0c0c;font-size:19px}
.textarea{min-height:110px;resize:vertical}
.select{width:auto}
.select--wide{width:100%}
.lines{margin-bottom:20px;padding:15px 15px 0;border:1px solid #b1b4b6}
.warning{padding:15px;border-left:5px solid #d4351c;background:#fff}
.input:focus,.textarea:focus,.select:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:inset 0 0 0 2px #0b0c0c}
.input--error,.textarea--error{border-color:#d4351c}
.input--error:focus,.textarea--error:focus{border-color:#0b0c0c}
.w2{max-width:5.4ex}.w4{max-width:9ex}.w10{max-width:23ex}.w20{max-width:41ex}
.error-message{display:block;margin:0 0 15px;color:#d4351c;font-weight:700}
.error-summary{padding:15px;margin-bottom:30px;border:5px solid #d4351c}
.error-summary:focus{outline:3px solid #fd0;outline-offset:0}
.error-summary__title{margin-top:0}
.error-summary ul{list-style:none;padding:0;margin:0}
.error-summary li{margin:0}
.error-summary a,.error-summary a:visited{color:#d4351c;font-weight:700}
.error-summary a:focus{color:#0b0c0c}
.date-input{display:flex;flex-wrap:wrap;gap:0 20px}
.date-input__item{margin-bottom:0}
.date-input .input{width:5.4ex}.date-input .w4{width:9ex}
.radios__item,.checkboxes__item{display:flex;flex-wrap:wrap;position:relative;margin-bottom:10px}
.radios__input,.checkboxes__input{z-index:1;width:44px;height:44px;margin:0;opacity:0;cursor:pointer;flex:none}
.radios__label,.checkboxes__label{display:inline-block;align-self:center;padding:8px 15px 5px;cursor:pointer;flex:1 1 0;min-width:0}
.radios__label::before,.checkboxes__label::before{content:"";position:absolute;top:2px;left:2px;width:40px;height:40px;border:2px solid currentcolor;background:transparent}
.radios__label::before{border-radius:50%}
.radios__label::after{content:"";position:absolute;top:12px;left:12px;width:0;height:0;border:10px solid currentcolor;border-radius:50%;opacity:0}
.checkboxes__label::after{content:"";position:absolute;top:13px;left:10px;width:23px;height:12px;transform:rotate(-45deg);border:solid;border-width:0 0 5px 5px;border-top-color:transparent;opacity:0}
.radios__input:checked+.radios__label::after,.checkboxes__input:checked+.checkboxes__label::after{opacity:1}
.radios__input:focus+.radios__label::before{border-width:4px;outline:3px solid transparent;box-shadow:0 0 0 4px #fd0}
.checkboxes__input:focus+.checkboxes__label::before{border-width:4px;outline:3px solid transparent;box-shadow:0 0 0 3px #fd0}
.radios__hint,.checkboxes__hint{flex-basis:100%;padding-left:59px;color:#505a5f;margin-bottom:5px}
.radios__reveal{display:none;flex-basis:100%;margin:0 0 15px 20px;padding-left:33px;border-left:4px solid #b1b4b6}
.radios__input:checked~.radios__reveal{display:block}
.radios__reveal .form-group{margin-top:10px}
.button{display:inline-block;min-height:44px;width:100%;margin:0 0 20px;padding:8px 10px 7px;border:2px solid transparent;border-radius:0;background:#00703c;box-shadow:0 2px 0 #002d18;color:#fff;font-weight:400;text-align:center;cursor:pointer;text-decoration:none}
a.button,a.button:visited{color:#fff}
.button:hover{background:#005a30}
.button:focus{border-color:#fd0;outline:3px solid transparent;box-shadow:inset 0 0 0 1px #fd0;background:#fd0;color:#0b0c0c}
.button--secondary,a.button--secondary,a.button--secondary:visited{background:#f3f2f1;box-shadow:0 2px 0 #929191;color:#0b0c0c}
.button--secondary:hover{background:#dbdad9}
.button--warning{background:#d4351c;box-shadow:0 2px 0 #55150b}
.button--warning:hover{background:#aa2a16}
.button--warning:focus{background:#fd0}
.button-group{display:flex;flex-direction:column}
.panel{margin-bottom:15px;padding:25px;border:5px solid transparent;background:#00703c;color:#fff;text-align:center}
.panel__title{margin:0 0 15px;font-size:32px;line-height:35px}
.panel__body{font-size:24px;line-height:30px}
.banner{margin-bottom:30px;border:5px solid #1d70b8;background:#1d70b8}
.banner:focus{outline:3px solid #fd0}
.banner--success{border-color:#00703c;background:#00703c}
.banner__header{padding:2px 15px 5px;color:#fff}
.banner__title{margin:0;font-size:16px;line-height:20px}
.banner__content{padding:15px;background:#fff}
.banner__heading{margin:0 0 10px;font-weight:700}
.banner__content>:last-child{margin-bottom:0}
.inset{padding:15px;margin:0 0 20px;border-left:10px solid #b1b4b6}
.tag{display:inline-block;padding:2px 8px;background:#fcd6c3;color:#6e3619;font-weight:700;font-size:16px;line-height:21px}
.tag--grey{background:#e5e6e7;color:#383f43}
.tag--green{background:#cce2d8;color:#005a30}
.summary-list{margin:0 0 20px}
.summary-list__row{border-bottom:1px solid #b1b4b6;margin-bottom:15px}
.summary-list__key,.summary-list__value,.summary-list__actions{display:block;margin:0}
.summary-list__key{font-weight:700;margin-bottom:5px}
.summary-list__value{margin-bottom:15px}
.summary-list__actions{margin-bottom:15px}
.card{border:1px solid #b1b4b6;margin-bottom:20px}
.card__title{margin:0;padding:15px;background:#f3f2f1;border-bottom:1px solid #b1b4b6;font-size:19px}
.card__body{padding:15px 15px 0}
.chart{margin:0 0 15px}.chart svg{display:block;width:100%;max-width:560px;height:auto}
.details{margin:0 0 20px}.details__summary{color:#1d70b8;cursor:pointer;text-decoration:underline}
.details__summary:focus{outline:3px solid transparent;background:#fd0;color:#0b0c0c}
.details__text{margin:10px 0 0;padding:15px;border-left:5px solid #b1b4b6;list-style:none}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(8em,1fr));gap:10px;margin:0 0 20px}
.figure{border-top:5px solid #1d70b8;padding:5px 0}
.figure b{display:block;font-size:24px;line-height:30px;font-variant-numeric:tabular-nums}
.figure--lead{border-top-color:#00703c}
.figure--lead b{font-size:36px;line-height:40px}
.links{list-style:none;padding:0}
.slip-code{font:700 32px/40px ui-monospace,monospace;letter-spacing:.1em;margin:10px 0;overflow-wrap:anywhere}
.links li{margin:0}
/* Links that stand alone are 44px targets: in lists, tables, summary lists and banners. */
.links a,.table a,.summary-list a,.banner a,.header a,.error-summary a{display:inline-block;min-height:44px;min-width:44px;padding:10px 0}
.table{width:100%;border-collapse:collapse;border-spacing:0;margin-bottom:30px}
.table__caption{font-weight:700;text-align:left;margin-bottom:10px;font-size:21px;line-height:25px}
.table th,.table td{padding:10px 20px 10px 0;border-bottom:1px solid #b1b4b6;text-align:left;vertical-align:top}
.table th:last-child,.table td:last-child{padding-right:0}
.table .num{text-align:right;font-variant-numeric:tabular-nums}
/* GOV.UK pagination without script: Previous and Next as 44px links on one line. */
.pagination{display:flex;flex-wrap:wrap;justify-content:space-between;gap:15px;margin:0 0 30px}
.pagination a,.button-group>a{display:inline-block;min-height:44px;min-width:44px;padding:10px 0;font-weight:700}
@media (max-width:560px){
.table--stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.table--stack tbody tr{display:block;margin-bottom:15px}
.table--stack tbody :is(td,th){display:flex;justify-content:space-between;gap:15px;padding-right:0;text-align:right;overflow-wrap:anywhere}
.table--stack tbody tr>:last-child{border-bottom-width:4px}
.table__heading{font-weight:700;text-align:left;flex:none;max-width:50%}
}
@media (min-width:641px){
.container{padding:0 30px}
.header__inner{padding:5px 30px}
h1{font-size:48px;line-height:50px;margin-bottom:30px}
h2{font-size:27px;line-height:30px}
.button{width:auto;margin-right:15px}
.button-group{flex-direction:row;flex-wrap:wrap;align-items:baseline}
.table__heading{display:none}
.summary-list{display:table;width:100%;table-layout:fixed;border-collapse:collapse}
.summary-list__row{display:table-row;border-bottom:1px solid #b1b4b6}
.summary-list__key,.summary-list__value,.summary-list__actions{display:table-cell;padding:10px 20px 10px 0;margin:0}
.summary-list__key{width:30%}
.summary-list__actions{width:20%;text-align:right;padding-right:0}
.panel__title{font-size:48px;line-height:50px}
}
@media print{.header,.back-link,.skip-link{display:none}}
`;
