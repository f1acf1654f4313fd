namespace Dspy.Fluent.Internal;

/// <summary>The inline stylesheet and script of the HTML report (no CDN: the file must open offline).</summary>
internal static class HtmlReportAssets
{
    public const string Css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d232a;background:#fff}
        h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
        .lm{margin:0;color:#4a5561}.lm.stand-in{background:#fff4d6;border:1px solid #e7c76b;padding:6px 10px;border-radius:4px;color:#5c4400;font-weight:600}
        #summary{display:flex;gap:32px;align-items:center;margin-top:16px}
        .score{font-size:44px;font-weight:700}.score span{font-size:20px;color:#4a5561}
        dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;margin:0}dt{color:#4a5561}dd{margin:0}
        svg .bar{fill:#4f7cac}svg text{font-size:11px;text-anchor:middle;fill:#1d232a}svg .axis{fill:#4a5561}
        .hint{color:#4a5561;margin:0 0 6px}
        table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e3e7eb;padding:4px 6px;text-align:left;vertical-align:top}
        th{cursor:pointer;background:#f3f5f7;position:sticky;top:0;user-select:none}th[data-dir=asc]::after{content:" ▲"}th[data-dir=desc]::after{content:" ▼"}
        tr.row{cursor:pointer}tr.row:hover{background:#f7f9fb}tr.pass td:nth-child(5){color:#1a7f37}tr.failed td:nth-child(5){color:#b42318}
        td.err{color:#b42318}tr.open{background:#eef3f8}
        tr.detail td{background:#fafbfc;padding:8px 12px}
        .call{margin:6px 0 12px}.call h4{margin:8px 0 4px;font-size:13px}
        pre{white-space:pre-wrap;word-break:break-word;margin:2px 0 8px;padding:6px 8px;background:#fff;border:1px solid #e3e7eb;border-radius:3px;font:12px/1.4 ui-monospace,Consolas,monospace}
        .role{font-weight:600;color:#4a5561;font-size:12px;text-transform:capitalize}
        """;

    // Per result section: renders a row's details on demand with textContent (never innerHTML), sorts by a column;
    // opens #row-N of the first section on load.
    public const string Script = """
        (function(){
        function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
        function setup(section){
        var data=JSON.parse(section.querySelector('script.dspy-data').textContent);
        var table=section.querySelector('table.rows'),body=table.tBodies[0];
        function txt(x){return typeof x==='number'?data.texts[x]:x;}
        function fields(title,obj,into){if(!obj)return;into.appendChild(el('h4',null,title));var pre=el('pre');
          pre.textContent=Object.keys(obj).map(function(k){return k+': '+obj[k];}).join('\n');into.appendChild(pre);}
        function detail(i){var r=data.rows[i],td=el('td');td.colSpan=table.tHead.rows[0].cells.length;
          fields('Example',r.example,td);fields('Prediction',r.prediction,td);
          if(r.feedback){td.appendChild(el('h4',null,'Feedback'));td.appendChild(el('pre',null,r.feedback));}
          if(r.error){td.appendChild(el('h4',null,'Error'));td.appendChild(el('pre','err',r.error));}
          r.calls.forEach(function(c,n){var d=el('div','call');d.appendChild(el('h4',null,'LM call '+(n+1)+': '+c.predictor+' ('+c.about+')'));
            c.messages.forEach(function(m){d.appendChild(el('div','role',m[0]));d.appendChild(el('pre',null,txt(m[1])));});
            d.appendChild(el('div','role','reply'));d.appendChild(el('pre','reply',c.reply));td.appendChild(d);});
          if(!r.calls.length)td.appendChild(el('p',null,'No LM calls recorded.'));
          var tr=el('tr','detail');tr.appendChild(td);return tr;}
        function toggle(tr){var next=tr.nextElementSibling;
          if(next&&next.classList.contains('detail')){next.remove();tr.classList.remove('open');return;}
          tr.after(detail(+tr.dataset.i));tr.classList.add('open');}
        body.addEventListener('click',function(e){var tr=e.target.closest('tr.row');if(tr)toggle(tr);});
        Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,col){th.addEventListener('click',function(){
          var asc=th.dataset.dir!=='asc',num=th.dataset.type==='num';
          Array.prototype.forEach.call(table.tHead.rows[0].cells,function(h){delete h.dataset.dir;});th.dataset.dir=asc?'asc':'desc';
          body.querySelectorAll('tr.detail').forEach(function(d){d.remove();});
          var rows=Array.prototype.slice.call(body.querySelectorAll('tr.row'));
          rows.forEach(function(r){r.classList.remove('open');});
          rows.sort(function(a,b){var x=a.cells[col],y=b.cells[col];
            var c=num?(+x.dataset.v)-(+y.dataset.v):x.textContent.localeCompare(y.textContent);
            return (asc?c:-c)||(+a.dataset.i)-(+b.dataset.i);});
          rows.forEach(function(r){body.appendChild(r);});});});
        return {body:body,toggle:toggle};}
        var sections=Array.prototype.map.call(document.querySelectorAll('section.result'),setup);
        var m=/^#row-(\d+)$/.exec(location.hash);
        if(m&&sections.length){var open=sections[0].body.querySelector('tr.row[data-i="'+m[1]+'"]');if(open){sections[0].toggle(open);open.scrollIntoView();}}
        document.body.setAttribute('data-ready','1');
        })();
        """;
}
